package app.recap.ingest.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.recap.mailbox.InboundMail;

/** Who may send to a newsletter source: the named senders, DKIM-authenticated where results were recorded. */
class SenderCheckTests {

    static final List<String> TRUSTED = List.of("mx.recap.example");

    @Test
    void aNamedSenderWithAnAlignedDkimPassIsAccepted() {
        var verdict = SenderCheck.check(NewsletterFixtures.mail("substack-essay.eml", "https://t.example"),
                List.of("aiweekly@substack.com"), TRUSTED);
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.reason()).isNull();
    }

    @Test
    void aDomainEntryCoversItsSubdomains() {
        var verdict = SenderCheck.check(NewsletterFixtures.mail("mailchimp-digest.eml", "https://t.example"),
                List.of("@modeldigest.example"), TRUSTED);
        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void aForgedFromWithFailingDmarcIsRefusedAndALowerForgedResultDoesNotCount() {
        var verdict = SenderCheck.check(NewsletterFixtures.mail("forged-sender.eml", "https://t.example"),
                List.of("aiweekly@substack.com"), TRUSTED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).isEqualTo("DMARC failed for substack.com (forged sender aiweekly@substack.com)");
    }

    @Test
    void aSenderTheSourceDoesNotNameIsRefused() {
        var verdict = SenderCheck.check(NewsletterFixtures.mail("unknown-sender.eml", "https://t.example"),
                List.of("@modeldigest.example"), TRUSTED);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).isEqualTo("the sender deals@promo.example is not one this source names");
    }

    @Test
    void mailAListReSentIsAcceptedThroughItsArcChainsFirstHop() {
        var verdict = SenderCheck.check(NewsletterFixtures.mail("convertkit-digest.eml", "https://t.example"),
                List.of("hello@kitnotes.example"), TRUSTED);
        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void withoutTrustedIdsOnlyTheTopmostResultsCountSoAnAddedPassBelowChangesNothing() {
        String raw = """
                Authentication-Results: mx.recap.example; dkim=fail header.d=substack.com
                Authentication-Results: mx.recap.example; dkim=pass header.d=substack.com
                From: aiweekly@substack.com
                To: ai-weekly@in.recap.example
                Subject: x

                body
                """.replace("\n", "\r\n");
        var verdict = SenderCheck.check(InboundMail.parse(raw.getBytes(StandardCharsets.UTF_8)),
                List.of("aiweekly@substack.com"), List.of());
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).startsWith("DKIM did not pass for substack.com (dkim=fail header.d=substack.com)");
    }

    @Test
    void withNoResultsAtAllTheFromAloneDecidesAndTheVerdictSaysSo() {
        String raw = "From: Ed <ed@letters.example>\r\nTo: a@b.example\r\nSubject: x\r\n\r\nbody\r\n";
        var verdict = SenderCheck.check(InboundMail.parse(raw.getBytes(StandardCharsets.UTF_8)),
                List.of("@letters.example"), TRUSTED);
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.reason()).contains("no authentication results");
    }
}
