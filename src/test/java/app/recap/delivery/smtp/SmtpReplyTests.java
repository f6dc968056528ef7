package app.recap.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpReplyTests {

    private static final InternetAddress NOBODY = address("nobody@example.com");

    @Test
    void aRefusedRecipientInsideTheSendFailureIsAPermanentReply() {
        SendFailedException failure = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(NOBODY, "RCPT TO", 550, "5.1.1 <nobody@example.com>: user unknown\n"),
                new Address[0], new Address[0], new Address[] {NOBODY});

        SmtpReply reply = SmtpReply.of(failure);

        assertThat(reply).isEqualTo(new SmtpReply(550, "5.1.1 <nobody@example.com>: user unknown"));
        assertThat(reply.isReply()).isTrue();
        assertThat(reply.isPermanent()).isTrue();
        assertThat(reply.isTransient()).isFalse();
        assertThat(reply).hasToString("550 5.1.1 <nobody@example.com>: user unknown");
    }

    @Test
    void theReplyIsFoundAnywhereInTheChainOfCauses() {
        MessagingException chain = new MessagingException("outer", new MessagingException("middle",
                new SMTPSendFailedException("DATA", 451, "4.3.0 try again later", null, null, null, null)));

        assertThat(SmtpReply.of(chain)).isEqualTo(new SmtpReply(451, "4.3.0 try again later"));
        assertThat(SmtpReply.of(chain).isTransient()).isTrue();
    }

    @Test
    void invalidAddressesWithoutAReplyCodeCountAsA550() {
        SendFailedException failure = new SendFailedException("Invalid Addresses", null, null, null,
                new Address[] {NOBODY});

        assertThat(SmtpReply.of(failure)).isEqualTo(new SmtpReply(550, "Invalid Addresses"));
    }

    @Test
    void aSendFailureNamingNoInvalidAddressIsNoReply() {
        assertThat(SmtpReply.of(new SendFailedException("failed", null, null, null, new Address[0])).code()).isZero();
        assertThat(SmtpReply.of(new SendFailedException("failed")).code()).isZero();
    }

    @Test
    void aLostConnectionIsNoReplyAndSaysWhatHappened() {
        SmtpReply reply = SmtpReply.of(new MessagingException("Could not connect to SMTP host: mail.example, port: 25"));

        assertThat(reply.code()).isZero();
        assertThat(reply.isReply()).isFalse();
        assertThat(reply.isTransient()).isFalse();
        assertThat(reply.isPermanent()).isFalse();
        assertThat(reply).hasToString("Could not connect to SMTP host: mail.example, port: 25");
    }

    @Test
    void theServersTextIsKeptOnOneLineAndAtMost500Characters() {
        assertThat(SmtpReply.of(new MessagingException("  4.2.2 mailbox\r\n  full \t now ")).text())
                .isEqualTo("4.2.2 mailbox full now");
        assertThat(SmtpReply.of(new MessagingException("x".repeat(501))).text()).hasSize(500);
        assertThat(SmtpReply.of(new MessagingException("x".repeat(500))).text()).hasSize(500);
        assertThat(SmtpReply.of(new MessagingException()).text()).isEmpty();
        assertThat(SmtpReply.of(new MessagingException("io", new IOException("reset"))).code()).isZero();
    }

    @ParameterizedTest
    @CsvSource({ "399, false, false", "400, true, false", "499, true, false", "500, false, true",
            "599, false, true" })
    void fourHundredsAreTransientAndFiveHundredsPermanent(int code, boolean transientReply, boolean permanent) {
        SmtpReply reply = new SmtpReply(code, "text");

        assertThat(reply.isTransient()).isEqualTo(transientReply);
        assertThat(reply.isPermanent()).isEqualTo(permanent);
        assertThat(reply.isReply()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({ "454, Throttling failure: Maximum sending rate exceeded., true",
            "421, 4.7.0 Too many connections from your host, true", "450, 4.7.1 Rate limit reached, true",
            "451, 4.7.1 Rate exceeded for this sender, true", "451, Please slow down, true",
            "452, 4.2.2 Mailbox full, false", "554, Throttling failure, false", "550, too many recipients, false" })
    void onlyTransientRepliesAboutRatesAreThrottling(int code, String text, boolean throttling) {
        assertThat(new SmtpReply(code, text).isThrottling()).isEqualTo(throttling);
    }

    private static InternetAddress address(String address) {
        try {
            return new InternetAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
