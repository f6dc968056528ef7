package app.recap.delivery.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

/** The signer against two verifiers that share none of its code (see {@link DkimVerification}). */
class DkimSignerTests {

    private static final Map<String, String> DNS = DkimVerification.records(DkimVerification.DOMAIN);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

    private static final List<String> HEADERS = List.of(
            "MIME-Version: 1.0",
            "Message-ID: <81.12.weekly@recap.example>",
            "Content-Type: multipart/alternative; boundary=\"recap-00ff\"",
            "From: Weekly AI Recap <digest@recap.example>",
            "To: =?UTF-8?Q?Fatima_Zahra_Benali?=\r\n <fatima@reader.example>",
            "Subject: =?UTF-8?Q?This_week=E2=80=99s?=\r\n\t top stories",
            "Date: Mon, 30 Nov 2026 08:00:00 +0000",
            "List-Id: \"Weekly AI\" <weekly-ai.recap.example>",
            "List-Unsubscribe: <https://recap.example/u/abc>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "X-Unsigned: not in h=");
    private static final String BODY = "--recap-00ff\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\nHello  Fatima,\t \r\nCaf\u00e9 na\u00efve \u2014 stories \r\n\r\n"
            + "--recap-00ff--\r\n\r\n\r\n";

    @Test
    void signsWithRsaAndEd25519SoTheJdkVerifiesBoth() throws Exception {
        byte[] raw = signed(signer(true), HEADERS, BODY);

        List<DkimVerification.Verdict> verdicts = DkimVerification.verify(raw, DNS);

        assertThat(verdicts).extracting(DkimVerification.Verdict::algorithm)
                .containsExactly("rsa-sha256", "ed25519-sha256");
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.failure()).isNull();
            assertThat(v.domain()).isEqualTo("recap.example");
            assertThat(v.signedHeaders()).containsExactly("from", "to", "subject", "date", "message-id",
                    "mime-version", "content-type", "list-id", "list-unsubscribe", "list-unsubscribe-post", "from");
        });
        String text = new String(raw, StandardCharsets.UTF_8);
        assertThat(text).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;")
                .contains("s=test2026;").contains("t=" + CLOCK.instant().getEpochSecond() + ";");
        assertThat(text.lines()).allMatch(line -> line.length() <= 78);
    }

    @Test
    void jdkProvidersSignTheSameWayWhenTheNativeOneIsNotUsed() throws Exception {
        DkimSigner jdk = signer(false);
        assertThat(jdk.provider().provider()).isNull();

        assertThat(DkimVerification.verify(signed(jdk, HEADERS, BODY), DNS)).hasSize(2)
                .allMatch(DkimVerification.Verdict::verified);
    }

    @Test
    void nativeProviderLoadsOnLinuxX86() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"));

        assertThat(signer(true).provider().describe()).startsWith("AmazonCorrettoCryptoProvider 2.5");
    }

    @Test
    void changedSubjectOrBodyFailsWhileRelaxedWhitespaceChangesStillVerify() throws Exception {
        byte[] raw = signed(signer(true), HEADERS, BODY);
        String text = new String(raw, StandardCharsets.ISO_8859_1);

        String otherSubject = text.replace("top stories", "top storeis");
        String otherBody = text.replace("Hello  Fatima", "Hello  Fatimb");
        String otherSender = text.replace("From: Weekly AI Recap <digest@recap.example>",
                "From: Weekly AI Recap <digest@recap.example>\r\nFrom: Someone <else@evil.example>");
        String respaced = text.replace("Hello  Fatima,\t \r\n", "Hello \t Fatima,\r\n")
                .replace("Date: Mon, 30 Nov 2026", "Date:   Mon,  30 Nov\r\n 2026");

        assertThat(DkimVerification.verify(bytes(otherSubject), DNS)).hasSize(2).noneMatch(DkimVerification.Verdict::verified);
        assertThat(DkimVerification.verify(bytes(otherBody), DNS)).hasSize(2)
                .allMatch(v -> "body hash differs".equals(v.failure()));
        assertThat(DkimVerification.verify(bytes(otherSender), DNS)).noneMatch(DkimVerification.Verdict::verified);
        assertThat(DkimVerification.verify(bytes(respaced), DNS)).hasSize(2).allMatch(DkimVerification.Verdict::verified);
    }

    @Test
    void dkimpyVerifiesTheSignaturesAndRejectsTamperedCopies(@TempDir Path dir) throws Exception {
        assumeTrue(DkimVerification.dkimpyAvailable(), "python3-dkim is not installed");
        String text = new String(signed(signer(true), HEADERS, BODY), StandardCharsets.ISO_8859_1);
        Path good = write(dir, "good.eml", text);
        Path subject = write(dir, "subject.eml", text.replace("top stories", "top storeis"));
        Path body = write(dir, "body.eml", text.replace("Hello  Fatima", "Hello  Fatimb"));
        Path unsubscribe = write(dir, "unsubscribe.eml", text.replace("/u/abc", "/u/abd"));

        List<String> results = DkimVerification.dkimpy(List.of(good, subject, body, unsubscribe), DNS);

        assertThat(results).containsExactly(
                good + " 0 rsa-sha256 pass", good + " 1 ed25519-sha256 pass",
                subject + " 0 rsa-sha256 fail", subject + " 1 ed25519-sha256 fail",
                body + " 0 rsa-sha256 fail", body + " 1 ed25519-sha256 fail",
                unsubscribe + " 0 rsa-sha256 fail", unsubscribe + " 1 ed25519-sha256 fail");
    }

    @Test
    void publishesThePublicKeysOpensslDerives() throws Exception {
        DkimSigner signer = signer(true);

        assertThat(signer.keys()).extracting(DkimKey::dnsRecord)
                .containsExactlyElementsOf(DNS.values());
    }

    @Test
    void bodyCanonicalisationFollowsTheRfcExamples() throws Exception {
        // RFC 6376 3.4.6: " C \r\nD \t E\r\n\r\n\r\n" becomes " C\r\nD E\r\n"
        assertThat(canonicalBody(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(" C\r\nD E\r\n");
        assertThat(canonicalBody("")).isEmpty();
        assertThat(canonicalBody("\r\n\r\n")).isEmpty();
        assertThat(canonicalBody("no final line break")).isEqualTo("no final line break\r\n");
        assertThat(DkimCanonicalization.header("SUBJect \t:  Is \r\n\t it  \t ok? ")).isEqualTo("subject:Is it ok?");
    }

    @Test
    void bodyCanonicalisationAgreesWithTheRfcRulesAppliedLineByLine() throws Exception {
        // the signer skips the stretches that need no change; a reference that applies 3.4.4 to each line must agree
        String[] pieces = {"a", "word", " ", "  ", "\t", " \t ", "\r\n", "\r\n\r\n", "\r", "\n", "=20"};
        java.util.Random random = new java.util.Random(6376);
        for (int n = 0; n < 5000; n++) {
            StringBuilder body = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                body.append(pieces[random.nextInt(pieces.length)]);
            }
            assertThat(canonicalBody(body.toString())).as("canonical form of [%s]", body)
                    .isEqualTo(relaxedBodyLineByLine(body.toString()));
        }
    }

    /** RFC 6376 3.4.4 as written: per CRLF-ended line, WSP runs to one SP, none at the end; no empty lines at the end. */
    private static String relaxedBodyLineByLine(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\r\n", -1)));
        List<String> canonical = new ArrayList<>();
        for (String line : lines) {
            String reduced = line.replaceAll("[ \t]+", " "); // a bare CR or LF ends no line: the space before it stays
            canonical.add(reduced.endsWith(" ") ? reduced.substring(0, reduced.length() - 1) : reduced);
        }
        while (!canonical.isEmpty() && canonical.get(canonical.size() - 1).isEmpty()) {
            canonical.remove(canonical.size() - 1);
        }
        return canonical.isEmpty() ? "" : String.join("\r\n", canonical) + "\r\n";
    }

    private static String canonicalBody(String body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.security.MessageDigest recorder = new java.security.MessageDigest("record") {
            @Override
            protected void engineUpdate(byte input) {
                out.write(input);
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                out.write(input, offset, len);
            }

            @Override
            protected byte[] engineDigest() {
                return new byte[0];
            }

            @Override
            protected void engineReset() {
            }
        };
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        DkimCanonicalization.body(bytes, 0, bytes.length, recorder);
        return out.toString(StandardCharsets.US_ASCII);
    }

    static DkimSigner signer(boolean nativeCrypto) {
        List<DkimKey> keys = new ArrayList<>();
        keys.add(key(DkimKey.Algorithm.RSA_SHA256, DkimVerification.RSA_SELECTOR, DkimVerification.RSA_KEY));
        keys.add(key(DkimKey.Algorithm.ED25519_SHA256, DkimVerification.ED25519_SELECTOR, DkimVerification.ED25519_KEY));
        return new DkimSigner(keys, null, SigningProvider.choose(nativeCrypto), CLOCK);
    }

    private static DkimKey key(DkimKey.Algorithm algorithm, String selector, String location) {
        try (InputStream in = new DefaultResourceLoader().getResource(location).getInputStream()) {
            return DkimKey.read(algorithm, selector, in, location);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message as a transport writes it: signatures, the header lines, a blank line, the body. */
    private static byte[] signed(DkimSigner signer, List<String> headers, String body) throws Exception {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : signer.sign(headers, StandardCharsets.UTF_8, bodyBytes, 0, bodyBytes.length)) {
            out.writeBytes((field + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (String line : headers) {
            out.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bodyBytes);
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        return Files.write(dir.resolve(name), bytes(text));
    }
}
