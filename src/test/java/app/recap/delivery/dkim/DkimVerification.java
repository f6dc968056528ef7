package app.recap.delivery.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two verifiers that share no code with {@link DkimSigner}: a plain re-implementation of RFC 6376 verification
 * on the JDK (regular expressions where the signer streams), and dkimpy (Debian's python3-dkim, the verifier
 * behind {@code dkimverify}) run over written files with the public keys handed to it through its
 * {@code dnsfunc}. The test keys live under {@code src/test/resources/dkim}.
 */
public final class DkimVerification {

    public static final String DOMAIN = "recap.example";
    public static final String RSA_SELECTOR = "test2026";
    public static final String ED25519_SELECTOR = "test2026e";
    public static final String RSA_KEY = "classpath:dkim/test-rsa.pem";
    public static final String ED25519_KEY = "classpath:dkim/test-ed25519.pem";
    private static final String PYTHON = "/usr/bin/python3";

    private DkimVerification() {
    }

    /** The TXT records of the test keys, as published for {@code domain}. */
    public static Map<String, String> records(String domain) {
        Map<String, String> records = new LinkedHashMap<>();
        records.put(RSA_SELECTOR + "._domainkey." + domain, "v=DKIM1; k=rsa; p=" + resource("dkim/test-rsa.pub.b64"));
        records.put(ED25519_SELECTOR + "._domainkey." + domain,
                "v=DKIM1; k=ed25519; p=" + resource("dkim/test-ed25519.pub.b64"));
        return records;
    }

    /** One signature's verdict. @param failure why it failed, or null when it verified */
    public record Verdict(String algorithm, String domain, List<String> signedHeaders, String failure) {
        public boolean verified() {
            return failure == null;
        }
    }

    /** Verifies every DKIM-Signature of a raw message on the JDK. */
    public static List<Verdict> verify(byte[] raw, Map<String, String> records) throws Exception {
        String message = new String(raw, StandardCharsets.ISO_8859_1);
        int split = message.indexOf("\r\n\r\n");
        String header = message.substring(0, split + 2);
        String body = message.substring(split + 4);
        List<String> fields = new ArrayList<>();
        for (String line : header.split("\r\n")) {
            if (!fields.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else if (!line.isEmpty()) {
                fields.add(line);
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (String field : fields) {
            if (!field.toLowerCase(Locale.ROOT).startsWith("dkim-signature:")) {
                continue;
            }
            Map<String, String> tags = new HashMap<>();
            for (String tag : field.substring(field.indexOf(':') + 1).split(";")) {
                int eq = tag.indexOf('=');
                if (eq > 0) {
                    tags.put(tag.substring(0, eq).strip(), tag.substring(eq + 1).replaceAll("\\s+", ""));
                }
            }
            List<String> names = List.of(tags.get("h").toLowerCase(Locale.ROOT).split(":"));
            String algorithm = tags.get("a");
            String canonicalBody = body.replaceAll("[ \t]+\r\n", "\r\n").replaceAll("[ \t]+", " ")
                    .replaceAll("(\r\n)+$", "");
            canonicalBody = canonicalBody.isEmpty() ? "" : canonicalBody + "\r\n";
            byte[] bodyHash = MessageDigest.getInstance("SHA-256").digest(canonicalBody.getBytes(StandardCharsets.ISO_8859_1));
            if (!Base64.getEncoder().encodeToString(bodyHash).equals(tags.get("bh"))) {
                verdicts.add(new Verdict(algorithm, tags.get("d"), names, "body hash differs"));
                continue;
            }
            StringBuilder input = new StringBuilder();
            Map<String, Integer> used = new HashMap<>();
            for (String name : names) {
                int skip = used.merge(name, 1, Integer::sum);
                int seen = 0;
                for (int i = fields.size() - 1; i >= 0; i--) {
                    String f = fields.get(i);
                    if (f.substring(0, f.indexOf(':')).strip().toLowerCase(Locale.ROOT).equals(name) && ++seen == skip) {
                        input.append(relaxed(f)).append("\r\n");
                        break;
                    }
                }
            }
            input.append(relaxed(field.replaceAll("([;\\s]b=)[^;]*", "$1")));
            String record = records.get(tags.get("s") + "._domainkey." + tags.get("d"));
            if (record == null) {
                verdicts.add(new Verdict(algorithm, tags.get("d"), names, "no key published"));
                continue;
            }
            String p = record.replaceAll(".*p=", "").replaceAll("[;\\s].*", "");
            byte[] signature = Base64.getDecoder().decode(tags.get("b"));
            byte[] signed = input.toString().getBytes(StandardCharsets.ISO_8859_1);
            boolean ok;
            if (algorithm.equals("rsa-sha256")) {
                PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p)));
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(key);
                s.update(signed);
                ok = s.verify(signature);
            } else if (algorithm.equals("ed25519-sha256")) {
                byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(Base64.getDecoder().decode(p)));
                PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(MessageDigest.getInstance("SHA-256").digest(signed));
                ok = s.verify(signature);
            } else {
                verdicts.add(new Verdict(algorithm, tags.get("d"), names, "unknown algorithm"));
                continue;
            }
            verdicts.add(new Verdict(algorithm, tags.get("d"), names, ok ? null : "signature does not verify"));
        }
        return verdicts;
    }

    private static String relaxed(String field) {
        int colon = field.indexOf(':');
        return field.substring(0, colon).strip().toLowerCase(Locale.ROOT) + ":"
                + field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
    }

    /** Whether dkimpy is installed ({@code apt-get install python3-dkim}); .ci/run installs it. */
    public static boolean dkimpyAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Runs dkimpy over the files. @return its lines, {@code <file> <index> <algorithm> pass|fail}
     */
    public static List<String> dkimpy(List<Path> files, Map<String, String> records) throws Exception {
        Path dir = Files.createTempDirectory("dkimpy");
        Path script = dir.resolve("verify.py");
        Files.writeString(script, resource("dkim/verify.py"));
        Path json = dir.resolve("records.json");
        StringBuilder out = new StringBuilder("{");
        records.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(v).append('"'));
        Files.writeString(json, out.append('}'));
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), json.toString()));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("dkimpy failed: " + output);
        }
        return output.lines().toList();
    }

    private static String resource(String path) {
        try (InputStream in = DkimVerification.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
