package app.recap.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Synchronous SMTP replies through the same rules as bounce messages. */
class BounceClassifierTests {

    private final BounceClassifier classifier = new BounceClassifier();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "550 | 5.1.1 <a@b.example>: Recipient address rejected: User unknown | HARD | 5.1.1 | user unknown",
            "550 | 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires SPF or DKIM | SOFT | 5.7.26 | authentication (SPF/DKIM/DMARC)",
            "550 | Requested action not taken: mailbox unavailable | SOFT | 5.0.0 | permanent failure",
            "550 | 5.7.1 No such user! | HARD | 5.7.1 | user unknown",
            "552 | 5.2.2 Mailbox full | SOFT | 5.2.2 | mailbox full",
            "450 | 4.1.1 <a@b.example>: Recipient address rejected: User unknown in local recipient table | SOFT | 4.1.1 | temporary failure: user unknown",
            "554 | 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org | SOFT | 5.7.1 | sender blocked (reputation)",
            "553 | 5.1.3 Bad recipient address syntax | HARD | 5.1.3 | invalid address",
            "551 | 5.1.6 User has moved; please try <c@d.example> | HARD | 5.1.6 | mailbox moved",
            "550 | 5.2.1 The email account that you tried to reach is disabled | HARD | 5.2.1 | mailbox disabled",
            "550 | 5.4.1 Recipient address rejected: Access denied. AS(201806281) | HARD | 5.4.1 | user unknown",
            "550 | 5.7.1 Recipient address rejected: Access denied | SOFT | 5.7.1 | policy",
            "552 | 5.3.4 Message size exceeds fixed limit | SOFT | 5.3.4 | message too big",
            "554 | 5.7.9 Message not accepted for policy reasons | SOFT | 5.7.9 | policy",
            "550 | 5.1.8 <bounces@news.example>: Sender address rejected: Domain not found | SOFT | 5.1.8 | sender rejected",
            "421 | 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to user complaints | SOFT | 4.7.0 | rate limited",
            "550 | 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup | HARD | 5.1.10 | no such domain",
            "550 | Unrouteable address | HARD | 5.0.0 | no such domain",
    })
    void classifiesReplies(int code, String text, BounceType type, String status, String reason) {
        assertThat(classifier.classifyReply(code, text)).isEqualTo(new Verdict(type, status, reason));
    }

    /**
     * The cases of the rule this classifier replaced ({@code SmtpReply.isHardBounce}, moved here with them): the
     * same answers, except that a bare "550 mailbox unavailable" is no longer hard (issue 19: any 550 was).
     */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({ "550, mailbox unavailable, SOFT", "551, user not local, HARD", "553, mailbox name not allowed, HARD",
            "554, 5.1.0 Address rejected, HARD", "552, 5.2.2 mailbox full, SOFT", "554, 5.7.1 spam, SOFT",
            "450, 5.1.1 odd but transient, SOFT", "500, syntax error, SOFT",
            "550, 5.1.1 <nobody@example.com>: user unknown, HARD", "550, Invalid Addresses, HARD" })
    void repliesOfTheFormerHardBounceRule(int code, String text, BounceType type) {
        assertThat(classifier.classifyReply(code, text).type()).isEqualTo(type);
    }

    @Test
    void aGmailAuthenticationBlockIsNeverHardWhateverTheCode() {
        for (int code : new int[] {550, 554, 421}) {
            assertThat(classifier.classifyReply(code, code + " 5.7.26 Unauthenticated email from news.example is not"
                    + " accepted due to domain's DMARC policy").type()).isEqualTo(BounceType.SOFT);
        }
    }

    @Test
    void refusesABodyThatIsNotAMessage() {
        assertThatThrownBy(() -> classifier.parse(new ByteArrayInputStream(
                "{\"not\": \"a message\"}".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> classifier.parse(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(MessagingException.class);
    }
}
