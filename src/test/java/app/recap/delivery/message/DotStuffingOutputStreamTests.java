package app.recap.delivery.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The SMTP data writer against RFC 5321 section 4.5.2 and against what Angus Mail's own stream writes for the same
 * input: the relay must see the same bytes whichever of the two wrote them.
 */
class DotStuffingOutputStreamTests {

    @Test
    void doublesTheDotThatStartsALineAndEndsTheData() throws IOException {
        assertThat(stuffed(".hidden\r\nok.\r\n..two\r\n.\r\n")).isEqualTo("..hidden\r\nok.\r\n...two\r\n..\r\n.\r\n");
        assertThat(stuffed("a line without an end")).isEqualTo("a line without an end\r\n.\r\n");
        assertThat(stuffed("")).isEqualTo(".\r\n");
    }

    @Test
    void makesBareLineEndsCrlfAsAngusDoes() throws IOException {
        assertThat(stuffed("one\ntwo\rthree\r\n\n.four\r.five")).isEqualTo("one\r\ntwo\r\nthree\r\n\r\n..four\r\n..five\r\n.\r\n");
    }

    @Test
    void aLineEndOrADotSplitAcrossWritesIsHandledAsWithinOne() throws IOException {
        assertThat(stuffed("a\r", "\n.b")).isEqualTo("a\r\n..b\r\n.\r\n");
        assertThat(stuffed("a\r\n", ".b\r\n")).isEqualTo("a\r\n..b\r\n.\r\n");
        assertThat(stuffed("a\n", ".", ".b")).isEqualTo("a\r\n...b\r\n.\r\n");
        assertThat(stuffed("x", ".y\r\n")).isEqualTo("x.y\r\n.\r\n");
    }

    @Test
    void writesWhatAngusWritesForAnyInputCutAnywhere() throws IOException {
        Random random = new Random(5321);
        byte[] alphabet = {'.', '.', '\r', '\n', '\n', 'a', 'b', ' ', (byte) 0xc3, (byte) 0xa9};
        for (int round = 0; round < 2000; round++) {
            byte[] input = new byte[random.nextInt(60)];
            for (int i = 0; i < input.length; i++) {
                input[i] = alphabet[random.nextInt(alphabet.length)];
            }
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            DotStuffingOutputStream data = new DotStuffingOutputStream(ours);
            ByteArrayOutputStream angus = new ByteArrayOutputStream();
            SMTPOutputStream reference = new SMTPOutputStream(angus);
            int at = 0;
            while (at < input.length) {
                int len = Math.min(input.length - at, random.nextInt(7));
                if (len == 1 && random.nextBoolean()) {
                    data.write(input[at]);
                } else {
                    data.write(input, at, len);
                }
                reference.write(input, at, len);
                at += len;
            }
            data.endData();
            reference.ensureAtBOL();
            angus.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(ours.toByteArray()).as("input %s", new String(input, StandardCharsets.ISO_8859_1))
                    .isEqualTo(angus.toByteArray());
        }
    }

    @Test
    void aDigestBodyWrittenFromItsPreparedPiecesIsTheBodyStuffed() throws IOException {
        String name = "{{recap:name}}";
        String link = "{{recap:link}}";
        // placeholders at a line start, values that start with a dot or hold line ends, pieces that start with one
        String text = name + "\n." + link + "\n.line\n" + name + ".tail\n";
        String html = "<p>" + name + "</p>\n" + link + "\n." + name + "\r\n";
        DigestBody body = DigestBody.of(text, html, List.of(name, link));
        for (Map<String, String> values : List.of(Map.of(name, ".Dot", link, "https://x.example/.a"),
                Map.of(name, "", link, ""), Map.of(name, "two\nlines", link, "\r\n.x"),
                Map.of(name, "Zoë", link, "."))) {
            for (boolean sevenBit : List.of(false, true)) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                DotStuffingOutputStream whole = new DotStuffingOutputStream(expected);
                byte[] spliced = body.render(values, sevenBit);
                whole.write(spliced, 0, spliced.length);
                whole.endData();

                ByteArrayOutputStream actual = new ByteArrayOutputStream();
                DotStuffingOutputStream pieces = new DotStuffingOutputStream(actual);
                body.writeTo(values, sevenBit, pieces);
                pieces.endData();

                assertThat(actual.toString(StandardCharsets.UTF_8)).as("%s %s", values, sevenBit)
                        .isEqualTo(expected.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private static String stuffed(String... writes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffingOutputStream data = new DotStuffingOutputStream(out);
        for (String w : writes) {
            byte[] b = w.getBytes(StandardCharsets.UTF_8);
            data.write(b, 0, b.length);
        }
        data.endData();
        return out.toString(StandardCharsets.UTF_8);
    }
}
