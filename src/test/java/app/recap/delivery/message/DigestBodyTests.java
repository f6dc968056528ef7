package app.recap.delivery.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

class DigestBodyTests {

    private static final String NAME = "{{recap:name}}";
    private static final String LINK = "{{recap:unsubscribe}}";

    private final String text = "Hi " + NAME + ",\n\nZoë’s story — “naïve” résumé 🚀 " + "long line ".repeat(30)
            + "\nUnsubscribe: " + LINK + "\n";
    private final String html = "<p>Hi " + NAME + ",</p>\n<p>Zoë’s story — 🚀 " + "word ".repeat(60)
            + "<a href=\"" + LINK + "\">Unsubscribe</a></p>\n";
    private final Map<String, String> values = Map.of(NAME, "José <Núñez> & Co",
            LINK, "https://recap.example/u/dS5oLjEuMA.SxE17LXBeo-4AjsM68ZB4w?a=b&c=d");

    @Test
    void eightBitAndQuotedPrintableBodiesDecodeToTheSameParts() throws Exception {
        DigestBody body = DigestBody.of(text, html, List.of(NAME, LINK));

        MimeMultipart eight = parse(body, body.render(values, false));
        MimeMultipart seven = parse(body, body.render(values, true));

        for (MimeMultipart parts : List.of(eight, seven)) {
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat((String) parts.getBodyPart(0).getContent())
                    .isEqualTo(text.replace(NAME, "José <Núñez> & Co").replace(LINK, values.get(LINK)).replace("\n", "\r\n"));
            assertThat((String) parts.getBodyPart(1).getContent()).contains("<p>Hi José &lt;Núñez&gt; &amp; Co,</p>")
                    .contains("href=\"https://recap.example/u/dS5oLjEuMA.SxE17LXBeo-4AjsM68ZB4w?a=b&amp;c=d\"")
                    .contains("Zoë’s story — 🚀");
        }
        assertThat(eight.getBodyPart(0).getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
        assertThat(seven.getBodyPart(0).getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
    }

    @Test
    void quotedPrintableBodyIsSevenBitWithShortLines() {
        DigestBody body = DigestBody.of(text, html, List.of(NAME, LINK));

        byte[] seven = body.render(values, true);

        for (byte b : seven) {
            assertThat(b & 0xff).isLessThan(128);
        }
        new String(seven, StandardCharsets.US_ASCII).lines().forEach(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
    }

    @Test
    void everyOccurrenceOfEveryPlaceholderIsSplicedInOrderHoweverTheyInterleave() throws Exception {
        String reader = "{{recap:reader}}";
        List<String> placeholders = List.of(NAME, LINK, reader, "{{recap:absent}}");
        java.util.Random random = new java.util.Random(14);
        for (int round = 0; round < 200; round++) {
            StringBuilder template = new StringBuilder();
            for (int n = random.nextInt(80); n > 0; n--) {
                template.append(switch (random.nextInt(5)) {
                    case 0 -> NAME;
                    case 1 -> LINK;
                    case 2 -> "<a href=\"https://recap.example/c/x?r=" + reader + "\">story</a>";
                    case 3 -> "\n";
                    default -> "words é ".repeat(random.nextInt(4));
                });
            }
            String both = template.toString();
            Map<String, String> given = Map.of(NAME, "Ada", LINK, "https://recap.example/u/t", reader, "r" + round,
                    "{{recap:absent}}", "never");
            DigestBody body = DigestBody.of(both, both, placeholders);
            MimeMultipart parts = parse(body, body.render(given, false));
            String expected = both.replace(NAME, "Ada").replace(LINK, "https://recap.example/u/t")
                    .replace(reader, "r" + round).replace("\n", "\r\n");
            assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo(expected.strip());
        }
    }

    private static MimeMultipart parse(DigestBody body, byte[] bytes) throws Exception {
        byte[] head = ("MIME-Version: 1.0\r\nContent-Type: " + body.contentType() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(all));
        return (MimeMultipart) message.getContent();
    }
}
