package app.recap.delivery;

import java.util.List;

/**
 * What one From domain needs in DNS so Gmail, Yahoo and Outlook.com accept its bulk mail.
 *
 * @param domain        the lists' From domain
 * @param lists         the names of the lists that send from it
 * @param signingDomain the DKIM {@code d=} its messages carry, or null when signing is off
 * @param aligned       whether {@code signingDomain} aligns with {@code domain} for DMARC (the same domain, or one
 *                      a subdomain of the other)
 * @param records       the TXT records to publish: the DKIM keys, then SPF and DMARC
 */
public record SendingDomain(String domain, List<String> lists, String signingDomain, boolean aligned,
        List<Record> records) {

    /** The kinds of record, for labels and explanations. */
    public enum Kind { DKIM, SPF, DMARC }

    /**
     * One TXT record. @param placeholder true when the value holds a part only the operator knows, in angle
     * brackets (the relay's SPF include, the report mailbox)
     */
    public record Record(Kind kind, String name, String value, boolean placeholder) {
    }
}
