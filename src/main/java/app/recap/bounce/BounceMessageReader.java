package app.recap.bounce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;

import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.jsoup.Jsoup;

/**
 * Reads one incoming message into events; one instance per message. The failed recipient is found, in order,
 * from the VERP envelope sender the bounce was addressed to, the DSN's Final-Recipient or Original-Recipient (or a
 * feedback report's Original-Rcpt-To), the returned original's Message-ID (ours are deterministic) and To header,
 * and last from the bounce's own text.
 */
final class BounceMessageReader {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final int MAX_DEPTH = 6;
    private static final int MAX_DIAGNOSTIC = 1000;

    static final Pattern VERP = Pattern.compile("bounces\\+([a-z2-7]{8,64})@", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,}");
    private static final Pattern INLINE_MESSAGE_ID = Pattern.compile("(?im)^[ \\t>]*Message-ID:[ \\t]*(<[^>\\s]+>)");
    private static final Pattern INLINE_TO = Pattern.compile("(?im)^[ \\t>]*To:[ \\t]*(.+)$");
    /** Where free-text bounces start quoting the returned message. */
    private static final Pattern RETURNED_COPY = Pattern.compile(
            "(?im)^[ \\t]*(-{2,}.*(copy of the message|original message|returned message|message headers|unsent message"
                    + "|forwarded message|undelivered message)|-*[ \\t]*(below this line is a copy of the message"
                    + "|original message follows|the original message headers are included)).*$");
    private static final Pattern DIAGNOSTIC_LINE = Pattern.compile(
            "(?<![\\d.:/])[45]\\d\\d[ -]+(?:[245]\\.\\d{1,3}\\.\\d{1,3}|[#(<A-Za-z])|#[45]\\.\\d{1,3}\\.\\d{1,3}|\\([45]\\.\\d{1,3}\\.\\d{1,3}\\)");
    private static final Pattern BOUNCE_SENDER = Pattern.compile(
            "(?i)mailer-daemon|postmaster|mail delivery (subsystem|system)|mail ?delivery|\\bmaild\\b|mdaemon|nobody@|bounce");
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "(?i)undeliver|undelivered|delivery (status notification|failure|failed|has failed|report|problem|notification)"
                    + "|returned mail|failure notice|mail delivery failed|could not be delivered|non.?delivery|nondeliverable"
                    + "|delivery error|message not delivered|rejected|bounced?|unzustellbar|nicht zustellbar|non remis"
                    + "|no se puede entregar|non recapitato|permanent (error|failure)|mail system error|undelivered mail"
                    + "|not delivered|delivery notification|returned to sender|DSN|failed delivery");
    private static final Pattern DELAY = Pattern.compile(
            "(?i)(delayed mail|delivery delayed|warning: could not send message for past|message (has been )?delayed"
                    + "|not yet been delivered|will (continue to |keep )?(be )?retr(y|ied|ying)|still (being )?(retried|trying)"
                    + "|\\(delay\\)|delivery (status notification|status) \\(delay\\)|this is a warning|no action is required on your part)");
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile(
            "(?i)out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response|antwort|svar|respuesta)|autoreply"
                    + "|vacation|on leave|away from (my|the) (desk|office)|abwesenheit|r[ée]ponse automatique|absence"
                    + "|respuesta autom[áa]tica|risposta automatica|fuori (sede|ufficio)|afwezig|automatisch antwoord"
                    + "|i am (away|out)|i'm (away|out)|ooo\\b|holiday");
    private static final Pattern AUTO_REPLY_BODY = Pattern.compile(
            "(?i)(i am|i'm|i will be|i'll be|currently) (out of (the )?office|away|on (vacation|holiday|leave|annual leave)|travell?ing)"
                    + "|limited access to (my )?e-?mail|will (respond|reply|get back to you) (to your (message|e-?mail) )?(when|upon|as soon)"
                    + "|bin (bis|vom|ab) .{0,40}(nicht im b[üu]ro|abwesend)|je suis absent|return(ing)? (to the office )?on");
    private static final Pattern CHALLENGE = Pattern.compile(
            "(?i)boxbe|spam ?arrest|mailbox is protected|protected by .{0,40}(challenge|verification|anti-?spam)"
                    + "|verify (that )?you are (a )?(human|real person|not a (robot|spammer))|awaiting (your )?verification"
                    + "|(approve|confirm|verify) (yourself|your (e-?mail|address|message)|the sender)|challenge.?response"
                    + "|click (on )?the (link|button) below to (verify|confirm|deliver)|held (for|pending) (verification|approval)"
                    + "|one-time verification|sender verification request|please verify your (message|e-?mail)");

    private final MimeMessage message;
    private final RecipientLookup lookup;
    private final List<DeliveryStatus> deliveryStatuses = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private InternetHeaders feedbackReport;
    private InternetHeaders returned;
    private String reportType;
    private boolean hotmailComplaint;

    BounceMessageReader(MimeMessage message, RecipientLookup lookup) {
        this.message = message;
        this.lookup = lookup;
    }

    BounceReport read() throws MessagingException {
        String ownId = message.getMessageID();
        walk(message, 0);
        String human = humanText();
        String verp = verpToken();
        List<BounceEvent> events = new ArrayList<>();
        if (isComplaint()) {
            events.add(complaint(verp, human));
        } else if (!deliveryStatuses.isEmpty()) {
            events.addAll(fromDeliveryStatus(verp, human));
        } else if (looksLikeBounce()) {
            if (!DELAY.matcher(subject() + "\n" + human).find()) {
                BounceEvent event = fromText(verp, human);
                if (event != null) {
                    events.add(event);
                }
            }
        } else {
            String autoReply = autoReplyReason(human);
            if (autoReply != null) {
                events.add(autoReply(verp, human, autoReply));
            }
        }
        return new BounceReport(ownId, List.copyOf(events));
    }

    // ---- taking the message apart

    private void walk(Part part, int depth) throws MessagingException {
        if (depth > MAX_DEPTH) {
            return;
        }
        String type = lower(baseType(part));
        try {
            if (type.startsWith("multipart/")) {
                if (type.equals("multipart/report")) {
                    reportType = lower(new ContentType(part.getContentType()).getParameter("report-type"));
                }
                MimeMultipart multipart = new MimeMultipart(new MimePartDataSource((MimePart) part));
                for (int i = 0; i < multipart.getCount(); i++) {
                    walk(multipart.getBodyPart(i), depth + 1);
                }
            } else if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
                try (InputStream in = part.getInputStream()) {
                    deliveryStatuses.add(new DeliveryStatus(in));
                }
            } else if (type.equals("message/feedback-report")) {
                try (InputStream in = part.getInputStream()) {
                    feedbackReport = new InternetHeaders(in);
                }
            } else if (type.equals("message/rfc822") || type.equals("message/global")) {
                if (returned == null) {
                    try (InputStream in = part.getInputStream()) {
                        MimeMessage original = new MimeMessage(SESSION, in);
                        returned = headersOf(original);
                        if (original.getHeader("X-HmXmrOriginalRecipient") != null) {
                            hotmailComplaint = true;
                        }
                    }
                }
            } else if (type.equals("text/rfc822-headers") || type.equals("message/global-headers")) {
                if (returned == null) {
                    try (InputStream in = part.getInputStream()) {
                        returned = new InternetHeaders(in);
                    }
                }
            } else if (type.equals("text/plain") || type.equals("text/html") || type.isEmpty()) {
                String content = textOf(part);
                text.append(type.equals("text/html") ? Jsoup.parse(content).wholeText() : content).append('\n');
            }
        } catch (IOException e) {
            throw new MessagingException("unreadable part " + type, e);
        }
    }

    private static String baseType(Part part) throws MessagingException {
        String header = part.getContentType();
        if (header == null) {
            return "text/plain";
        }
        try {
            return new ContentType(header).getBaseType();
        } catch (jakarta.mail.internet.ParseException e) {
            return "text/plain";
        }
    }

    private static String textOf(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
        } catch (IOException | MessagingException unknownCharset) {
            // read the bytes below
        }
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static InternetHeaders headersOf(MimeMessage message) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        for (Enumeration<Header> e = message.getAllHeaders(); e.hasMoreElements();) {
            Header h = e.nextElement();
            headers.addHeader(h.getName(), h.getValue());
        }
        return headers;
    }

    /** The bounce's own words, without the copy of our message that free-text bounces quote. */
    private String humanText() {
        String all = text.toString();
        Matcher m = RETURNED_COPY.matcher(all);
        return m.find() ? all.substring(0, m.start()) : all;
    }

    // ---- what kind of message

    private boolean isComplaint() throws MessagingException {
        if ("feedback-report".equals(reportType) || feedbackReport != null) {
            return true;
        }
        if (hotmailComplaint) {
            return true;
        }
        String from = header(message, "From");
        return from != null && lower(from).contains("staff@hotmail.com") && returned != null;
    }

    private boolean fromDaemon() throws MessagingException {
        String from = header(message, "From");
        return from != null && BOUNCE_SENDER.matcher(from).find();
    }

    private boolean looksLikeBounce() throws MessagingException {
        String from = header(message, "From");
        String returnPath = header(message, "Return-Path");
        boolean nullSender = returnPath != null && returnPath.replaceAll("\\s", "").equals("<>");
        boolean daemon = from != null && BOUNCE_SENDER.matcher(from).find();
        boolean subject = BOUNCE_SUBJECT.matcher(subject()).find();
        boolean autoReplySubject = AUTO_REPLY_SUBJECT.matcher(subject()).find();
        if (autoReplySubject && !daemon) {
            return false;
        }
        return daemon || subject || (nullSender && message.getHeader("X-Failed-Recipients") != null);
    }

    private String autoReplyReason(String human) throws MessagingException {
        String subject = subject();
        String body = human.length() > 4000 ? human.substring(0, 4000) : human;
        if (CHALLENGE.matcher(subject + "\n" + body).find()) {
            return "challenge-response";
        }
        if (AUTO_REPLY_SUBJECT.matcher(subject).find() || AUTO_REPLY_BODY.matcher(body).find()) {
            return "out of office";
        }
        String autoSubmitted = header(message, "Auto-Submitted");
        if (autoSubmitted != null && !lower(autoSubmitted).strip().startsWith("no")) {
            return "auto-reply";
        }
        if (message.getHeader("X-Autoreply") != null || message.getHeader("X-Autorespond") != null
                || message.getHeader("X-Autoresponder") != null) {
            return "auto-reply";
        }
        String precedence = header(message, "Precedence");
        if (precedence != null && lower(precedence).contains("auto_reply")) {
            return "auto-reply";
        }
        return null;
    }

    // ---- events

    private BounceEvent complaint(String verp, String human) throws MessagingException {
        String feedbackType = feedbackReport == null ? "abuse" : firstNonBlank(feedbackReport.getHeader("Feedback-Type", null), "abuse");
        String rcptTo = feedbackReport == null ? null : feedbackReport.getHeader("Original-Rcpt-To", null);
        if (verp == null && feedbackReport != null) {
            verp = verpIn(feedbackReport.getHeader("Original-Mail-From", null));
        }
        if (rcptTo == null && returned != null) {
            rcptTo = returned.getHeader("X-HmXmrOriginalRecipient", null);
        }
        StringBuilder diagnostic = new StringBuilder("Feedback-Type: ").append(feedbackType.strip());
        String agent = feedbackReport == null ? null : feedbackReport.getHeader("User-Agent", null);
        if (agent != null) {
            diagnostic.append("; User-Agent: ").append(agent.strip());
        }
        return event(verp, rcptTo, human, new Verdict(BounceType.COMPLAINT, null,
                "complaint (" + lower(feedbackType.strip()) + ")"), diagnostic.toString());
    }

    private List<BounceEvent> fromDeliveryStatus(String verp, String human) throws MessagingException {
        List<BounceEvent> events = new ArrayList<>();
        for (DeliveryStatus dsn : deliveryStatuses) {
            for (int i = 0; i < dsn.getRecipientDSNCount(); i++) {
                InternetHeaders r = dsn.getRecipientDSN(i);
                String action = lower(firstNonBlank(r.getHeader("Action", null), ""));
                String status = statusField(r.getHeader("Status", null));
                boolean failed = action.startsWith("failed")
                        || (action.isBlank() && status != null && status.startsWith("5"));
                if (!failed) {
                    continue; // delayed, delivered, relayed, expanded: not a bounce
                }
                String diagnostic = afterType(r.getHeader("Diagnostic-Code", null));
                String words = diagnostic != null ? diagnostic : diagnosticFromText(human);
                Verdict verdict = DiagnosticRules.classify(0, status, words);
                String recipient = firstNonBlank(afterType(r.getHeader("Final-Recipient", null)),
                        afterType(r.getHeader("Original-Recipient", null)));
                events.add(event(verp, recipient, human, verdict, firstNonBlank(words, status)));
            }
        }
        return events;
    }

    private BounceEvent fromText(String verp, String human) throws MessagingException {
        String diagnostic = diagnosticFromText(human);
        Verdict verdict;
        if (diagnostic != null) {
            verdict = DiagnosticRules.classify(0, null, diagnostic);
        } else if (header(message, "X-Failed-Recipients") != null || fromDaemon()) {
            // a bounce in words no rule knows: counted as soft, never as hard
            verdict = new Verdict(BounceType.SOFT, null, "unrecognised bounce");
        } else {
            return null;
        }
        String recipient = header(message, "X-Failed-Recipients");
        return event(verp, recipient, human, verdict, diagnostic);
    }

    private BounceEvent autoReply(String verp, String human, String reason) throws MessagingException {
        String from = header(message, "From");
        String sender = from == null ? null : firstAddress(from, Set.of());
        // the one who auto-replied is the subscriber: their From is the best evidence after VERP
        return event(verp, sender, human, new Verdict(BounceType.AUTO_REPLY, null, reason), null);
    }

    /**
     * Resolves the recipient in the documented order and builds the event.
     *
     * @param stated what the report itself says (DSN Final-Recipient, Original-Rcpt-To), may be null
     */
    private BounceEvent event(String verp, String stated, String human, Verdict verdict, String diagnostic)
            throws MessagingException {
        String recipient = null;
        Long deliveryId = null;
        Long subscriberId = null;
        Optional<RecipientLookup.Found> found = verp == null ? Optional.empty() : lookup.byVerpToken(verp);
        if (found.isEmpty()) {
            String address = stated == null ? null : firstAddress(stated, Set.of());
            if (address != null) {
                recipient = address;
            }
            String originalId = originalMessageId();
            if (originalId != null) {
                found = lookup.byMessageId(originalId);
                if (found.isPresent() && recipient != null && !recipient.equalsIgnoreCase(found.get().email())) {
                    // the report names someone else (a forwarder's target): keep its address, not our delivery
                    found = Optional.empty();
                }
            }
        }
        if (found.isPresent()) {
            recipient = lower(found.get().email());
            deliveryId = found.get().deliveryId();
            subscriberId = found.get().subscriberId();
        }
        if (recipient == null && returned != null) {
            String to = returned.getHeader("To", ",");
            recipient = to == null ? null : firstAddress(decode(to), ignoredAddresses());
        }
        if (recipient == null) {
            Matcher to = INLINE_TO.matcher(text);
            if (to.find()) {
                recipient = firstAddress(to.group(1), ignoredAddresses());
            }
        }
        if (recipient == null) {
            String paragraph = diagnostic == null ? null : diagnostic;
            recipient = paragraph == null ? null : firstAddress(paragraph, ignoredAddresses());
            if (recipient == null) {
                recipient = firstAddress(human, ignoredAddresses());
            }
        }
        return new BounceEvent(recipient, verdict.type(), verdict.status(), verdict.reason(),
                diagnostic == null ? null : clip(diagnostic), deliveryId, subscriberId);
    }

    // ---- pieces

    /** The VERP token of the address this bounce was sent to, from the headers an MTA records it in. */
    private String verpToken() throws MessagingException {
        for (String name : List.of("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "X-Original-Rcpt",
                "To", "Original-Recipient")) {
            String[] values = message.getHeader(name);
            if (values != null) {
                for (String value : values) {
                    String token = verpIn(value);
                    if (token != null) {
                        return token;
                    }
                }
            }
        }
        if (returned != null) {
            String token = verpIn(returned.getHeader("Return-Path", null));
            if (token != null) {
                return token;
            }
        }
        return null;
    }

    private static String verpIn(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = VERP.matcher(value);
        return m.find() ? lower(m.group(1)) : null;
    }

    private String originalMessageId() {
        if (returned != null) {
            String id = returned.getHeader("Message-ID", null);
            if (id != null) {
                return id.strip();
            }
        }
        Matcher m = INLINE_MESSAGE_ID.matcher(text);
        String own = null;
        try {
            own = message.getMessageID();
        } catch (MessagingException ignored) {
            // none
        }
        while (m.find()) {
            if (!m.group(1).equals(own)) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * The server's words in a free-text bounce: the paragraph holding the first SMTP reply ({@code 550 5.1.1 ...},
     * qmail's {@code (#5.1.1)}), or failing that the first line the rules recognise.
     */
    static String diagnosticFromText(String human) {
        if (human == null || human.isBlank()) {
            return null;
        }
        String[] lines = human.split("\\r?\\n");
        int hit = -1;
        for (int i = 0; i < lines.length && hit < 0; i++) {
            if (DIAGNOSTIC_LINE.matcher(lines[i]).find()) {
                hit = i;
            }
        }
        if (hit < 0) {
            for (int i = 0; i < lines.length && hit < 0; i++) {
                String line = lines[i].strip();
                if (!line.isEmpty() && line.length() < 400) {
                    Verdict v = DiagnosticRules.classify(0, null, line);
                    if (!v.reason().endsWith("failure")) {
                        hit = i;
                    }
                }
            }
        }
        if (hit < 0) {
            return null;
        }
        // the paragraph: continuation lines that MTAs indent or wrap
        StringBuilder paragraph = new StringBuilder(lines[hit].strip());
        for (int i = hit + 1; i < lines.length && i < hit + 6; i++) {
            String line = lines[i];
            if (line.isBlank() || !(Character.isWhitespace(line.charAt(0)) || DIAGNOSTIC_LINE.matcher(line).find())) {
                break;
            }
            paragraph.append(' ').append(line.strip());
        }
        return paragraph.toString().replaceAll("\\s+", " ");
    }

    private Set<String> ignoredAddresses() throws MessagingException {
        Set<String> ignored = new LinkedHashSet<>();
        String from = header(message, "From");
        if (from != null) {
            Matcher m = EMAIL.matcher(from);
            while (m.find()) {
                ignored.add(lower(m.group()));
            }
        }
        return ignored;
    }

    private static String firstAddress(String text, Set<String> ignored) {
        if (text == null) {
            return null;
        }
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            String address = lower(m.group());
            String local = address.substring(0, address.indexOf('@'));
            if (ignored.contains(address) || local.equals("postmaster") || local.equals("mailer-daemon")
                    || local.startsWith("bounces+") || local.equals("mail-daemon") || local.equals("abuse")) {
                continue;
            }
            return address;
        }
        return null;
    }

    /** "rfc822; a@b.example" to "a@b.example", "smtp; 550 ..." to "550 ...". */
    private static String afterType(String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        String value = field.replaceAll("\\s+", " ").strip();
        int semi = value.indexOf(';');
        if (semi > 0 && semi < 20 && !value.substring(0, semi).contains(" ")) {
            value = value.substring(semi + 1).strip();
        }
        return value.isEmpty() ? null : value;
    }

    private static String statusField(String status) {
        if (status == null) {
            return null;
        }
        String s = DiagnosticRules.status(status);
        return s != null ? s : null;
    }

    private String subject() throws MessagingException {
        String s = header(message, "Subject");
        return s == null ? "" : decode(s);
    }

    private static String header(Part part, String name) throws MessagingException {
        String[] values = part.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (java.io.UnsupportedEncodingException e) {
            return value;
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > MAX_DIAGNOSTIC ? one.substring(0, MAX_DIAGNOSTIC) : one;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
