package app.recap.ingest.newsletter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import app.recap.mailbox.InboundMail;

/** The newsletter fixtures under {@code src/test/resources/newsletters}, with {@code {{tracker}}} filled in. */
public final class NewsletterFixtures {

    private NewsletterFixtures() {
    }

    /** The raw message, its tracking links pointing at {@code trackerBase} (e.g. {@code http://127.0.0.1:8080}). */
    public static byte[] raw(String name, String trackerBase) {
        try (InputStream in = NewsletterFixtures.class.getResourceAsStream("/newsletters/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /newsletters/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{tracker}}", trackerBase)
                    .replace("\r\n", "\n").replace("\n", "\r\n");
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InboundMail mail(String name, String trackerBase) {
        return InboundMail.parse(raw(name, trackerBase));
    }
}
