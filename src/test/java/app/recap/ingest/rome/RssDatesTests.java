package app.recap.ingest.rome;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.jdom2.Document;
import org.junit.jupiter.api.Test;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.impl.DateParser;

import app.recap.ingest.ParsedItem;

class RssDatesTests {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    /** Random dates of the common form, in range and out of it: each one taken reads as Rome's parser reads it. */
    @Test
    void everyDateTakenIsTheInstantRomeReads() {
        Random random = new Random(14);
        int taken = 0;
        for (int i = 0; i < 20_000; i++) {
            String zone = switch (random.nextInt(4)) {
                case 0 -> "GMT";
                case 1 -> String.format(Locale.ROOT, "%s%02d%02d", random.nextBoolean() ? "+" : "-",
                        random.nextInt(26), random.nextInt(4) * 20);
                case 2 -> "EST";
                default -> "+0000";
            };
            String text = String.format(Locale.ROOT, "%s, %02d %s %04d %02d:%02d:%02d %s", DAYS[random.nextInt(7)],
                    random.nextInt(33), MONTHS[random.nextInt(12)], 1960 + random.nextInt(260), random.nextInt(26),
                    random.nextInt(62), random.nextInt(62), zone);
            Date ours = RssDates.parse(text);
            if (ours != null) {
                taken++;
                assertThat(ours).as(text).isEqualTo(DateParser.parseDate(text, Locale.US));
            }
        }
        assertThat(taken).isGreaterThan(5_000);
        assertThat(RssDates.parse("2026-11-24T09:30:00Z")).isNull();
        assertThat(RssDates.parse("Tue, 24 Nov 26 09:30:00 GMT")).isNull();
        assertThat(RssDates.parse(" Tue, 24 Nov 2026 09:30:00 GMT\n"))
                .isEqualTo(Date.from(java.time.Instant.parse("2026-11-24T09:30:00Z")));
    }

    /** Every RSS fixture of the suite: the same items with the same dates as when Rome reads every pubDate itself. */
    @Test
    void everyFixtureParsesToTheSameItemsAsWithRomesOwnDates() throws Exception {
        RomeFeedParser parser = new RomeFeedParser();
        int compared = 0;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/feeds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                byte[] body = Files.readAllBytes(file);
                List<ParsedItem> ours;
                try {
                    ours = parser.parse(body, null).items();
                } catch (app.recap.ingest.FeedParseException e) {
                    continue;
                }
                List<Date> romes = romeDates(new String(body, StandardCharsets.UTF_8));
                if (romes == null) {
                    continue;
                }
                assertThat(ours).as(file.toString()).hasSameSizeAs(romes);
                for (int i = 0; i < ours.size(); i++) {
                    Date rome = romes.get(i);
                    assertThat(ours.get(i).publishedAt()).as(file + " item " + i)
                            .isEqualTo(rome == null ? null : rome.toInstant());
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(3);
    }

    /** Rome's own published (else updated) dates of a feed that parses strictly, or null. */
    private static List<Date> romeDates(String xml) {
        try {
            Document document = SafeDocumentBuilder.build(new StringReader(EntityFixer.fix(xml.stripLeading())));
            if (!document.getRootElement().getName().equals("rss")) {
                return null;
            }
            return new SyndFeedInput().build(document).getEntries().stream()
                    .map((SyndEntry e) -> e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate())
                    .toList();
        } catch (IOException | RuntimeException | org.jdom2.JDOMException | com.rometools.rome.io.FeedException e) {
            return null;
        }
    }
}
