package app.recap.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import app.recap.audience.AudienceRepository;
import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.delivery.dkim.DkimSigner;
import app.recap.delivery.dkim.DkimVerification;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.TlsRelay;
import app.recap.support.TestWorld;

/**
 * Editions sent the way production relays want them: STARTTLS then AUTH on a submission port (587 style) and
 * implicit TLS then AUTH (465 style), the relay's certificate trusted through {@code recap.mail.trust-store};
 * and a relay whose certificate is not trusted, to which nothing is sent. The STARTTLS relay is configured
 * through {@code recap.mail.*} itself; the other two swap the connections under the same application. DKIM is on,
 * so the signatures are also checked as the relay received them (8bit bodies, over TLS).
 */
@SpringBootTest(properties = {"recap.mail.host=localhost", "recap.mail.port=" + TlsRelayTests.SUBMISSION_PORT,
        "recap.mail.start-tls=true", "recap.mail.username=" + TlsRelayTests.USER,
        "recap.mail.password=" + TlsRelayTests.PASSWORD, "recap.mail.trust-store=" + TlsRelay.TRUST_STORE,
        "recap.mail.trust-store-password=" + TlsRelay.TRUST_STORE_PASSWORD,
        "recap.dkim.selector=" + DkimVerification.RSA_SELECTOR, "recap.dkim.private-key=" + DkimVerification.RSA_KEY,
        "recap.delivery.chunk-size=5", "recap.delivery.partitions=2", "recap.delivery.threads=2",
        "recap.delivery.retry-delay=10ms", "recap.base-url=https://recap.example",
        "spring.datasource.url=jdbc:h2:mem:tls-relay;DB_CLOSE_DELAY=-1"})
@Import(TlsRelayTests.SwitchableRelay.class)
@Tag("database")
class TlsRelayTests {

    static final int SUBMISSION_PORT = 3587;
    static final int SMTPS_PORT = 3465;
    static final String USER = "recap@relay.test";
    static final String PASSWORD = "s3cret-relay-password";

    static TlsRelay submission;
    static TlsRelay smtps;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired MailProperties properties;
    @Autowired DkimSigner signer;
    @Autowired SwitchableRelay relay;

    TestWorld world;

    @BeforeAll
    static void startRelays() throws Exception {
        submission = new TlsRelay(SUBMISSION_PORT, false, USER, PASSWORD);
        smtps = new TlsRelay(SMTPS_PORT, true, USER, PASSWORD);
    }

    @AfterAll
    static void stopRelays() throws Exception {
        submission.close();
        smtps.close();
    }

    @BeforeEach
    void buildWorld() {
        submission.clear();
        smtps.clear();
        relay.use(null);
        world = new TestWorld(audiences, lists, subscribers, stories).withStories();
    }

    @Test
    void sendsAnEditionThroughARelayThatRequiresStartTlsAndAuth() throws Exception {
        world.listWithSubscribers("starttls", 6);

        DigestRun run = weeklyDigest.run("starttls", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        assertThat(run.sent()).isEqualTo(6);
        assertThat(submission.accepted()).hasSize(6).allSatisfy(message -> {
            assertThat(message.user()).isEqualTo(USER);
            assertThat(message.tlsProtocol()).startsWith("TLSv1.");
        });
        assertThat(submission.refusals()).isEmpty();
        assertSignedAsReceived(submission.accepted());
    }

    @Test
    void sendsAnEditionThroughARelayWithImplicitTlsAndAuth() throws Exception {
        relay.use(new SmtpConnections(withRelay(SMTPS_PORT, true, TlsRelay.TRUST_STORE), signer));
        world.listWithSubscribers("smtps", 6);

        DigestRun run = weeklyDigest.run("smtps", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        assertThat(run.sent()).isEqualTo(6);
        assertThat(smtps.accepted()).hasSize(6).allSatisfy(message -> {
            assertThat(message.user()).isEqualTo(USER);
            assertThat(message.tlsProtocol()).startsWith("TLSv1.");
        });
        assertSignedAsReceived(smtps.accepted());
    }

    @Test
    void refusesARelayWhoseCertificateIsNotTrustedAndMarksNothingSent() throws Exception {
        // the JDK's authorities do not know the relay's self-signed certificate
        SmtpConnections untrusted = new SmtpConnections(withRelay(SMTPS_PORT, true, ""), signer);
        relay.use(untrusted);
        world.listWithSubscribers("untrusted", 4);

        DigestRun run = weeklyDigest.run("untrusted", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("FAILED");
        assertThat(run.sent()).isZero();
        assertThat(run.pending()).isEqualTo(4);
        assertThat(smtps.accepted()).isEmpty();
        MessagingException refused = org.assertj.core.api.Assertions.catchThrowableOfType(MessagingException.class,
                untrusted::open);
        assertThat(refused).hasMessageContaining("TLS with smtps://localhost:" + SMTPS_PORT + " failed, nothing was sent")
                .hasMessageContaining("not trusted: add it to recap.mail.trust-store");

        SmtpConnections startTlsUntrusted = new SmtpConnections(withRelay(SUBMISSION_PORT, false, ""), signer);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(MessagingException.class,
                startTlsUntrusted::open)).hasMessageContaining("not trusted");
        assertThat(submission.accepted()).isEmpty();
    }

    @Test
    void tlsSocketsKeepTcpNoDelay() throws Exception {
        NoDelaySslSocketFactory factory = NoDelaySslSocketFactory.of(properties);

        try (Socket direct = factory.createSocket("localhost", SMTPS_PORT);
                Socket plain = new Socket(InetAddress.getLoopbackAddress(), SUBMISSION_PORT);
                Socket layered = factory.createSocket(new Socket(InetAddress.getLoopbackAddress(), SUBMISSION_PORT),
                        "localhost", SUBMISSION_PORT, true);
                Socket unconnected = factory.createSocket()) {
            assertThat(direct.getTcpNoDelay()).isTrue();
            assertThat(layered.getTcpNoDelay()).isTrue();
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(plain.getTcpNoDelay()).as("the JDK's default, for contrast").isFalse();
        }
    }

    private void assertSignedAsReceived(List<TlsRelay.Accepted> received) throws Exception {
        Map<String, String> dns = DkimVerification.records("recap.example");
        for (TlsRelay.Accepted message : received) {
            assertThat(new String(message.data(), StandardCharsets.ISO_8859_1)).contains("Content-Transfer-Encoding: 8bit");
            assertThat(DkimVerification.verify(message.data(), dns)).hasSize(1)
                    .allMatch(DkimVerification.Verdict::verified);
        }
    }

    private MailProperties withRelay(int port, boolean ssl, String trustStore) {
        return new MailProperties("localhost", port, USER, PASSWORD, !ssl, ssl, properties.timeout(),
                properties.outboxDir(), trustStore, TlsRelay.TRUST_STORE_PASSWORD, "PKCS12");
    }

    /** The configured connections, or others a test puts in their place. */
    @TestConfiguration
    static class SwitchableRelay {

        private volatile MailConnections replacement;

        void use(MailConnections connections) {
            replacement = connections;
        }

        @Bean
        @Primary
        MailConnections switchableConnections(@Qualifier("mailConnections") MailConnections configured) {
            return new MailConnections() {
                @Override
                public MailConnection open() throws MessagingException {
                    return (replacement != null ? replacement : configured).open();
                }

                @Override
                public String describe() {
                    return (replacement != null ? replacement : configured).describe();
                }
            };
        }
    }
}
