package app.recap.bounce;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server's refusal ("550 5.1.1 <a@b.example>: Recipient address rejected: User unknown") into a verdict.
 * The words come first and the status code second, because real servers put 5.1.1 on policy blocks and 5.7.1 on
 * unknown users (Yandex's "5.7.1 No such user!"). In order:
 * <ol>
 * <li>about the sender, its reputation, authentication or rate: soft, whatever the code says;</li>
 * <li>about the address (unknown user, no such domain, disabled, moved): hard, unless the status is 4.x.x;</li>
 * <li>full mailbox, too big, policy, temporary trouble: soft;</li>
 * <li>the enhanced status code (RFC 3463): 5.1.1, 5.1.2, 5.1.3, 5.1.6, 5.1.10, 5.2.1, 5.4.4 hard, the rest soft;</li>
 * <li>the reply code alone: soft. A bare {@code 550} no longer suppresses anyone.</li>
 * </ol>
 */
final class DiagnosticRules {

    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.]*\\d)");
    private static final Pattern REPLY_CODE = Pattern.compile("(?<!\\d)([245]\\d\\d)(?:[ -]|$)");

    private record Rule(Pattern pattern, BounceType type, String reason) {

        static Rule of(BounceType type, String reason, String regex) {
            return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL), type, reason);
        }
    }

    private static final List<Rule> SENDER_SIDE = List.of(
            Rule.of(BounceType.SOFT, "authentication (SPF/DKIM/DMARC)",
                    "\\bdmarc\\b|\\bspf\\b|\\bdkim\\b|unauthenticated|not authenticated|authentication (failed|required)"
                            + "|5\\.7\\.2[3-9]|5\\.7\\.30\\b|5\\.7\\.515"),
            Rule.of(BounceType.SOFT, "rate limited",
                    "rate.?limit|too many (messages|connections|recipients|emails)|throttl|unexpected volume"
                            + "|user complaints|\\[TSS0\\d\\]|4\\.7\\.28|4\\.7\\.650|sending rate|slow down|exceeded .* limit"),
            Rule.of(BounceType.SOFT, "greylisted", "gr[ea]ylist"),
            Rule.of(BounceType.SOFT, "sender blocked (reputation)",
                    "spamhaus|spamcop|barracuda|sorbs|block ?list|black ?list|\\brbl\\b|dnsbl|(?<!not )listed (at|on|by|in)"
                            + "|reputation|\\(S3140\\)|\\[CS0\\d\\]"),
            Rule.of(BounceType.SOFT, "sender rejected",
                    "sender address rejected|sender (domain|rejected|verify|verification)|client host .*(rejected|blocked)"
                            + "|your (ip|server|host|domain)|\\bhelo\\b|\\bptr\\b|reverse dns|\\brdns\\b|5\\.7\\.25"
                            + "|bad outbound sender|5\\.1\\.[78]\\b|invalid dns mx|from address|relay(ing)? (access )?denied"
                            + "|not permitted to relay|unable to relay|relay not permitted"));

    private static final List<Rule> ADDRESS = List.of(
            Rule.of(BounceType.HARD, "mailbox moved",
                    "has moved|moved to|no longer (with|employed|works)|left the (company|organi[sz]ation)"
                            + "|user not local|5\\.1\\.6\\b|changed (his|her|their) (e-?mail )?address"),
            Rule.of(BounceType.HARD, "no such domain",
                    "no such domain|domain (name )?not found|domain (name )?does ?n[o']t exist|host (or domain name )?not found"
                            + "|couldn'?t find any host|unrouteable|unroutable|null mx|nxdomain|name service error"
                            + "|dns domain .{0,80} does not exist|domain .{0,80} (does not exist|not found)|no mx (record|host)"
                            + "|5\\.1\\.10\\b|5\\.4\\.310|no valid (mx|host)|unknown (host|domain)|invalid domain"),
            Rule.of(BounceType.HARD, "mailbox disabled",
                    "disabled|deactivated|inactive|account (is |has been )?(suspended|closed|terminated|expired|locked|deleted)"
                            + "|mailbox (is )?(closed|locked|deleted)|no longer (active|in use|valid|available|exists)"
                            + "|no longer accepts|has been (closed|deleted|removed)|expired account|\\(554\\.30\\)"),
            Rule.of(BounceType.HARD, "invalid address",
                    "address syntax|syntax (error )?in (the )?(recipient|address|mailbox)|malformed (recipient|address)"
                            + "|mailbox name (not allowed|invalid)"
                            + "|5\\.1\\.3\\b"),
            Rule.of(BounceType.HARD, "user unknown",
                    "user ?unknown|unknown (user|recipient|address|local.?part|mailbox)|no such (user|mailbox|recipient|address|person)"
                            + "|user (not found|does ?n[o']t exist|not listed)|does ?n[o']t (exist|have an? [\\w.-]+ account)"
                            + "|no (mailbox|account)( here)? by that name|mailbox (not found|does not exist|unavailable for this recipient)"
                            + "|not a valid (mailbox|recipient|user|address)|invalid (mailbox|recipient|user|address)"
                            + "|recipient (address )?(rejected: ?)?(unknown|invalid|not found|does not exist)|recipient ?not ?found"
                            + "|recip(ient)?notfound|addressee unknown|address (unknown|invalid|not found|does not exist)"
                            + "|bad (recipient|destination mailbox) address|not listed in (the )?(domino|public name|directory|address book)"
                            + "|account (that you tried to reach )?does not exist|is not a known user|not our customer"
                            + "|s2017062302|as\\(201806281\\)|illegal alias|no such local user|undeliverable address"
                            + "|user is not found|mailbox is unavailable \\(user"));

    private static final List<Rule> OTHER = List.of(
            Rule.of(BounceType.SOFT, "blocked as spam or for its content",
                    "spam|unsolicited|junk|bulk mail|virus|malware|phish|content (was )?rejected|suspicious"),
            Rule.of(BounceType.SOFT, "mailbox full",
                    "mailbox (is )?full|over ?quota|quota (exceeded|exceed)|exceed(ed|s)? (the |its |their )?(storage|quota)"
                            + "|insufficient (system )?storage|out of storage|storage (space|limit)|mailbox size limit"
                            + "|mail ?box (has )?exceeded|is full\\b|[45]\\.2\\.2\\b"),
            Rule.of(BounceType.SOFT, "message too big",
                    "too (big|large)|size (limit|exceeds)|exceeds (the )?(maximum|size|message size|allowed)|message size"
                            + "|[45]\\.3\\.4\\b|5\\.2\\.3\\b"),
            Rule.of(BounceType.SOFT, "policy",
                    "polic(y|ies)|not (allowed|permitted|accepted)|will not accept|denied|refused|prohibited|blocked"
                            + "|restricted|forbidden|not authori[sz]ed"),
            Rule.of(BounceType.SOFT, "temporary failure",
                    "temporar|time(d)? ?out|connection (refused|reset|lost|timed)|retry time|try again|deferred|delayed"
                            + "|busy|insufficient resources"));

    private DiagnosticRules() {
    }

    /** The first enhanced status code in the text ({@code 5.1.1}), or null. */
    static String status(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = STATUS.matcher(text);
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : null;
    }

    /** The first SMTP reply code in the text, or 0. */
    static int replyCode(String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = REPLY_CODE.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * @param code   the SMTP reply code, 0 when unknown
     * @param status the enhanced status if the caller knows it (a DSN's Status field), else null to read it from
     *               the text
     * @param text   the server's words; may be null
     */
    static Verdict classify(int code, String status, String text) {
        String words = text == null ? "" : text;
        String s = status != null && !status.isBlank() ? status.strip() : status(words);
        if (code == 0) {
            code = replyCode(words);
        }
        if (s == null) {
            s = code >= 400 && code < 600 ? (code / 100) + ".0.0" : null;
        }
        // a 4xx reply or a 4.x.x status is never hard, whatever else it says
        boolean temporary = (s != null && s.startsWith("4")) || (code >= 400 && code < 500);
        Rule rule = first(SENDER_SIDE, words);
        if (rule != null) {
            return new Verdict(BounceType.SOFT, s, rule.reason());
        }
        rule = first(ADDRESS, words);
        if (rule != null) {
            return temporary ? new Verdict(BounceType.SOFT, s, "temporary failure: " + rule.reason())
                    : new Verdict(BounceType.HARD, s, rule.reason());
        }
        rule = first(OTHER, words);
        if (rule != null) {
            return new Verdict(BounceType.SOFT, s, rule.reason());
        }
        if (s != null) {
            Verdict byStatus = byStatus(s);
            if (byStatus != null) {
                return temporary && byStatus.type() == BounceType.HARD
                        ? new Verdict(BounceType.SOFT, s, "temporary failure: " + byStatus.reason()) : byStatus;
            }
        }
        return new Verdict(BounceType.SOFT, s, temporary ? "temporary failure" : "permanent failure");
    }

    private static Verdict byStatus(String s) {
        return switch (s) {
            case "5.1.0", "5.1.1" -> new Verdict(BounceType.HARD, s, "user unknown");
            case "5.1.2", "5.1.10", "5.4.4" -> new Verdict(BounceType.HARD, s, "no such domain");
            case "5.1.3" -> new Verdict(BounceType.HARD, s, "invalid address");
            case "5.1.6" -> new Verdict(BounceType.HARD, s, "mailbox moved");
            case "5.2.1" -> new Verdict(BounceType.HARD, s, "mailbox disabled");
            case "5.2.2", "4.2.2" -> new Verdict(BounceType.SOFT, s, "mailbox full");
            case "5.2.3", "5.3.4" -> new Verdict(BounceType.SOFT, s, "message too big");
            default -> s.startsWith("5.7.") ? new Verdict(BounceType.SOFT, s, "policy") : null;
        };
    }

    private static Rule first(List<Rule> rules, String text) {
        for (Rule rule : rules) {
            if (rule.pattern().matcher(text).find()) {
                return rule;
            }
        }
        return null;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
