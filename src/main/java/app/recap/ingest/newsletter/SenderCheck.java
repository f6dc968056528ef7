package app.recap.ingest.newsletter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.recap.mailbox.InboundMail;

/**
 * Whether a message may feed a newsletter source: its From must be one the source names, and where the receiving
 * server recorded authentication results (RFC 8601 {@code Authentication-Results}), DKIM must have passed for the
 * From domain, directly or, for mail a list or forwarder re-sent, through a passing ARC chain whose first hop saw
 * that DKIM pass. A From alone is easy to forge; it is only enough when no results were recorded at all.
 *
 * <p>Only results the receiving server wrote count: those whose authserv-id is listed in
 * {@code recap.newsletters.trusted-authserv-ids}, or, when that list is empty, the topmost header only (servers
 * prepend theirs, so anything below it may have come with the message).
 */
public final class SenderCheck {

    private static final Pattern RESULT = Pattern.compile(
            "(?i)\\b(dkim|arc|dmarc|spf)\\s*=\\s*([a-z]+)([^;]*)");
    private static final Pattern DKIM_DOMAIN = Pattern.compile("(?i)header\\.(?:d|i)\\s*=\\s*(?:[^\\s;@]*@)?([a-z0-9.-]+)");
    private static final Pattern ARC_INSTANCE = Pattern.compile("(?i)^\\s*i\\s*=\\s*(\\d+)\\s*;");

    /** The verdict: refused with the reason in words, or accepted, with a note when nothing was authenticated. */
    public record Verdict(boolean accepted, String reason) {

        static Verdict refuse(String reason) {
            return new Verdict(false, reason);
        }
    }

    private SenderCheck() {
    }

    /**
     * @param senders           what the source names: full addresses ({@code news@example.com}) or domains
     *                          ({@code @example.com} or {@code example.com}, subdomains included)
     * @param trustedAuthservIds authserv-ids whose results count; empty: the topmost Authentication-Results only
     */
    public static Verdict check(InboundMail mail, List<String> senders, List<String> trustedAuthservIds) {
        String from = mail.fromAddress();
        if (from == null) {
            return Verdict.refuse("the message has no usable From address");
        }
        if (!named(from, senders)) {
            return Verdict.refuse("the sender " + from + " is not one this source names");
        }
        List<String> results = trusted(mail.header("Authentication-Results"), trustedAuthservIds);
        if (results.isEmpty()) {
            return new Verdict(true, "no authentication results recorded; accepted on its From address alone");
        }
        String domain = mail.fromDomain();
        List<String> dkimSeen = new ArrayList<>();
        boolean arcPass = false;
        for (String header : results) {
            Matcher m = RESULT.matcher(header);
            while (m.find()) {
                String method = m.group(1).toLowerCase(Locale.ROOT);
                String result = m.group(2).toLowerCase(Locale.ROOT);
                String props = m.group(3);
                if (method.equals("dmarc") && result.equals("fail")) {
                    return Verdict.refuse("DMARC failed for " + domain + " (forged sender " + from + ")");
                }
                if (method.equals("dkim")) {
                    String d = dkimDomain(props);
                    dkimSeen.add("dkim=" + result + (d == null ? "" : " header.d=" + d));
                    if (result.equals("pass") && aligned(domain, d)) {
                        return new Verdict(true, null);
                    }
                }
                if (method.equals("arc") && result.equals("pass")) {
                    arcPass = true;
                }
            }
        }
        if (arcPass && firstArcHopPassed(mail.header("ARC-Authentication-Results"), domain)) {
            return new Verdict(true, null);
        }
        return Verdict.refuse("DKIM did not pass for " + domain + " ("
                + (dkimSeen.isEmpty() ? "no DKIM result" : String.join(", ", dkimSeen))
                + (arcPass ? "; the ARC chain passed but its first hop saw no DKIM pass for " + domain : "")
                + "): the sender " + from + " may be forged");
    }

    static boolean named(String from, List<String> senders) {
        String domain = from.substring(from.lastIndexOf('@') + 1);
        for (String sender : senders) {
            String s = sender.strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            if (s.contains("@") && !s.startsWith("@")) {
                if (s.equals(from)) {
                    return true;
                }
            } else {
                String d = s.startsWith("@") ? s.substring(1) : s;
                if (domain.equals(d) || domain.endsWith("." + d)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> trusted(List<String> headers, List<String> authservIds) {
        if (headers.isEmpty()) {
            return List.of();
        }
        if (authservIds == null || authservIds.isEmpty()) {
            return List.of(headers.get(0));
        }
        return headers.stream().filter(h -> {
            String id = h.split(";", 2)[0].strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
            return authservIds.stream().anyMatch(t -> t.strip().equalsIgnoreCase(id));
        }).toList();
    }

    /** The oldest ARC hop ({@code i=1}) recorded what the first receiver saw, before any forwarder changed it. */
    private static boolean firstArcHopPassed(List<String> arcResults, String domain) {
        for (String header : arcResults) {
            Matcher instance = ARC_INSTANCE.matcher(header);
            if (!instance.find() || !instance.group(1).equals("1")) {
                continue;
            }
            Matcher m = RESULT.matcher(header);
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase("dkim") && m.group(2).equalsIgnoreCase("pass")
                        && aligned(domain, dkimDomain(m.group(3)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String dkimDomain(String props) {
        Matcher d = DKIM_DOMAIN.matcher(props);
        if (!d.find()) {
            return null;
        }
        return d.group(1).toLowerCase(Locale.ROOT);
    }

    /** Relaxed alignment, approximated: one domain is the other or a subdomain of it. */
    private static boolean aligned(String fromDomain, String signingDomain) {
        if (fromDomain == null || signingDomain == null) {
            return false;
        }
        return fromDomain.equals(signingDomain) || fromDomain.endsWith("." + signingDomain)
                || signingDomain.endsWith("." + fromDomain);
    }
}
