package app.recap.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Service;

import app.recap.delivery.dkim.DkimRecord;
import app.recap.delivery.dkim.DkimSigner;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * The DNS records each list's From domain needs, as the big mailbox providers ask of bulk senders since 2024:
 * a DKIM signature whose domain aligns with From, SPF for the relay that hands the mail over, and a DMARC policy
 * (at least {@code p=none}) with reports. Recap cannot know the relay's SPF include, so that part is a
 * placeholder the operator fills in from the relay's documentation.
 */
@Service
public class SendingDomains {

    private final ListRepository lists;
    private final DkimSigner signer;

    SendingDomains(ListRepository lists, DkimSigner signer) {
        this.lists = lists;
        this.signer = signer;
    }

    public boolean signing() {
        return signer.enabled();
    }

    /** One entry per distinct From domain of the lists, in the order of the lists. */
    public List<SendingDomain> all() {
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (NewsletterList list : lists.findAll()) {
            byDomain.computeIfAbsent(list.senderDomain().toLowerCase(Locale.ROOT), d -> new ArrayList<>()).add(list.name());
        }
        List<SendingDomain> domains = new ArrayList<>();
        byDomain.forEach((domain, names) -> domains.add(describe(domain, names)));
        return domains;
    }

    private SendingDomain describe(String domain, List<String> names) {
        List<SendingDomain.Record> records = new ArrayList<>();
        for (DkimRecord dkim : signer.dnsRecords(domain)) {
            records.add(new SendingDomain.Record(SendingDomain.Kind.DKIM, dkim.name(), dkim.value(), false));
        }
        records.add(new SendingDomain.Record(SendingDomain.Kind.SPF, domain,
                "v=spf1 include:<your relay's SPF domain> ~all", true));
        records.add(new SendingDomain.Record(SendingDomain.Kind.DMARC, "_dmarc." + domain,
                "v=DMARC1; p=none; rua=mailto:<reports>@" + domain + "; adkim=r; aspf=r", true));
        String signingDomain = signer.enabled() ? signer.signingDomain(domain) : null;
        boolean aligned = signingDomain != null && (signingDomain.equals(domain) || domain.endsWith("." + signingDomain)
                || signingDomain.endsWith("." + domain));
        return new SendingDomain(domain, List.copyOf(names), signingDomain, aligned, List.copyOf(records));
    }
}
