package app.recap.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier against a corpus of bounces, complaints, auto-replies and ordinary mail written from the formats
 * each MTA and provider documents or is known to send ({@code src/test/resources/bounces}, expectations in
 * {@code index.tsv}). The lookup stands in for the delivery log: it knows two VERP tokens and one Message-ID.
 */
class BounceCorpusTests {

    private static final Logger log = LoggerFactory.getLogger(BounceCorpusTests.class);
    private static final AtomicInteger agreed = new AtomicInteger();
    private static final AtomicInteger total = new AtomicInteger();

    static final RecipientLookup LOOKUP = new RecipientLookup() {
        private final Map<String, Found> tokens = Map.of(
                "ge3dmnrxhe4dcmzsgq", new Found("verp.person@example.com", 501L, 77L),
                "gu4dcnjuhe3tkobq", new Found("jane@example.org", 502L, 1201L));
        private final Map<String, Found> ids = Map.of(
                "<41.1317.weekly@news.example>", new Found("msgid.person@example.net", 503L, 1317L),
                "<41.1401.weekly@news.example>", new Found("msgid.person@example.net", 504L, 1317L));

        @Override
        public Optional<Found> byVerpToken(String token) {
            return Optional.ofNullable(tokens.get(token));
        }

        @Override
        public Optional<Found> byMessageId(String messageId) {
            return Optional.ofNullable(ids.get(messageId));
        }
    };

    record Case(String file, String type, String recipient, String note) {

        @Override
        public String toString() {
            return file + " (" + note + ")";
        }
    }

    static List<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = BounceCorpusTests.class.getResourceAsStream("/bounces/index.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                cases.add(new Case(f[0], f[1], f[2], f.length > 3 ? f[3] : ""));
            }
        }
        return cases;
    }

    static Stream<Arguments> cases() throws IOException {
        return corpus().stream().map(Arguments::of);
    }

    private final BounceClassifier classifier = new BounceClassifier();

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTypeAndRecipient(Case c) throws Exception {
        BounceReport report;
        try (InputStream in = getClass().getResourceAsStream("/bounces/" + c.file())) {
            MimeMessage message = classifier.parse(in);
            report = classifier.read(message, LOOKUP);
        }
        String type = report.events().isEmpty() ? "none" : report.events().get(0).type().label();
        String recipient = report.events().isEmpty() ? "-" : String.valueOf(report.events().get(0).recipient());
        total.incrementAndGet();
        if (type.equals(c.type()) && recipient.equals(c.recipient())) {
            agreed.incrementAndGet();
        }
        assertThat(type + " " + recipient).as(c.toString() + " " + report.events()).isEqualTo(c.type() + " " + c.recipient());
        assertThat(report.bounce()).isEqualTo(c.type().equals("hard") || c.type().equals("soft") || c.type().equals("complaint"));
        assertThat(report.events()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void corpusIsLargeAndVaried() throws IOException {
        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);
        assertThat(corpus).extracting(Case::type).contains("hard", "soft", "complaint", "auto-reply", "none");
    }

    @AfterAll
    static void agreement() {
        if (total.get() > 0) {
            log.info("bounce corpus agreement {}/{}", agreed.get(), total.get());
        }
    }
}
