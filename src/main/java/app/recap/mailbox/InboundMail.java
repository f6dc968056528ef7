package app.recap.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * One received message taken apart: the headers a reader decides on and its first HTML and plain-text bodies.
 * Nothing here is trusted; every field is what the sender (or a relay) wrote.
 *
 * @param messageId     the Message-ID header, or null
 * @param fromAddress   the From address, lower-cased; null when there is none or it does not parse
 * @param fromName      the From display name, or null
 * @param recipients    every address in To, Cc, Delivered-To, X-Original-To and Envelope-To, lower-cased, in order
 * @param subject       decoded, or null
 * @param date          the Date header, or null
 * @param html          the first {@code text/html} part that is not an attachment, decoded; null when none
 * @param text          the first {@code text/plain} part that is not an attachment, decoded; null when none
 * @param listUnsubscribe the List-Unsubscribe header, or null
 */
public record InboundMail(String messageId, String fromAddress, String fromName, List<String> recipients,
        String subject, Instant date, String html, String text, String listUnsubscribe, List<Header> headers) {

    /** One header line as received, its value unfolded. */
    public record Header(String name, String value) {
    }

    public InboundMail {
        recipients = List.copyOf(recipients);
        headers = List.copyOf(headers);
    }

    /** Every value of a header, top (most recently added) first; empty when absent. */
    public List<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The domain of {@link #fromAddress()}, or null. */
    public String fromDomain() {
        return fromAddress == null ? null : fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
    }

    /**
     * Takes a raw RFC 5322 message apart.
     *
     * @throws IllegalArgumentException when the bytes are not a message Jakarta Mail can read
     */
    public static InboundMail parse(byte[] raw) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            List<Header> headers = new ArrayList<>();
            for (jakarta.mail.Header h : Collections.list(message.getAllHeaders())) {
                headers.add(new Header(h.getName(), MimeUtility.unfold(h.getValue())));
            }
            InternetAddress from = from(message);
            Set<String> recipients = new LinkedHashSet<>();
            for (String name : List.of("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")) {
                String[] values = message.getHeader(name);
                for (String value : values == null ? new String[0] : values) {
                    addAddresses(recipients, value);
                }
            }
            Bodies bodies = new Bodies();
            bodies.collect(message);
            Date sent = message.getSentDate();
            String[] unsubscribe = message.getHeader("List-Unsubscribe");
            return new InboundMail(first(message.getHeader("Message-ID")),
                    from == null ? null : from.getAddress().toLowerCase(Locale.ROOT),
                    from == null ? null : from.getPersonal(), new ArrayList<>(recipients), message.getSubject(),
                    sent == null ? null : sent.toInstant(), bodies.html, bodies.text,
                    unsubscribe == null ? null : MimeUtility.unfold(unsubscribe[0]), headers);
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("not a readable message: " + e.getMessage(), e);
        }
    }

    private static InternetAddress from(MimeMessage message) {
        try {
            Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress address
                    && address.getAddress() != null && address.getAddress().contains("@")) {
                return address;
            }
        } catch (AddressException unparsable) {
            // a From that does not parse names nobody a source could list
        } catch (MessagingException unreadable) {
            // as above
        }
        return null;
    }

    private static void addAddresses(Set<String> into, String value) {
        try {
            for (InternetAddress address : InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
                if (address.getAddress() != null && address.getAddress().contains("@")) {
                    into.add(address.getAddress().toLowerCase(Locale.ROOT));
                }
            }
        } catch (AddressException ignored) {
            // a recipient header that does not parse routes nowhere
        }
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0].strip();
    }

    /** Walks the MIME tree for the first HTML and plain-text bodies, skipping attachments. */
    private static final class Bodies {
        private String html;
        private String text;

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i));
                }
            } else if (part.isMimeType("text/html") && html == null) {
                html = decoded(part);
            } else if (part.isMimeType("text/plain") && text == null) {
                text = decoded(part);
            }
        }

        private static String decoded(Part part) throws MessagingException, IOException {
            try {
                Object content = part.getContent();
                if (content instanceof String s) {
                    return s;
                }
            } catch (UnsupportedEncodingException unknownCharset) {
                // an unknown charset label: read the bytes as UTF-8 below rather than lose the body
            }
            try (InputStream in = part.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
