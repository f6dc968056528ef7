package app.recap.ingest.rome;

import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * RSS items' {@code pubDate}s in the form nearly every feed writes ("Tue, 24 Nov 2026 09:30:00 GMT"), read with one
 * precompiled pattern instead of by Rome, whose date parser builds a new {@code SimpleDateFormat} for each mask it
 * tries on each item (8% of ingest). Only dates that Rome's first mask ({@code EEE, dd MMM yy HH:mm:ss z}, see
 * rome.properties) reads to the same instant are taken (tested equal); the rest stay in the document for Rome.
 */
final class RssDates {

    private static final Pattern RFC_1123 = Pattern.compile("(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d\\d) "
            + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{4}) (\\d\\d):(\\d\\d):(\\d\\d) (GMT|[+-]\\d{4})");
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private RssDates() {
    }

    /** The instant of a date in the common form, or null when it is in another form or out of range. */
    static Date parse(String text) {
        Matcher m = RFC_1123.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        int day = Integer.parseInt(m.group(1));
        int month = MONTHS.indexOf(m.group(2)) / 3 + 1;
        int year = Integer.parseInt(m.group(3));
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        // out of range, Rome's lenient parser rolls the fields over: left to it
        if (year < 1970 || year > 2199 || day < 1 || day > Year.of(year).atMonth(month).lengthOfMonth() || hour > 23
                || minute > 59 || second > 59) {
            return null;
        }
        int offsetSeconds = 0;
        String zone = m.group(7);
        if (!zone.equals("GMT")) {
            int hours = Integer.parseInt(zone.substring(1, 3));
            int minutes = Integer.parseInt(zone.substring(3, 5));
            if (hours > 14 || minutes > 59) {
                return null;
            }
            offsetSeconds = (zone.charAt(0) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        }
        return Date.from(LocalDateTime.of(year, month, day, hour, minute, second)
                .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds)));
    }

    /**
     * Takes the {@code pubDate}s this class reads out of an RSS 2.0 document's items, so Rome does not parse
     * them again: one date (or null, for an item whose date is left to Rome) per {@code <item>}, in order; null when
     * the document is not such a feed or no date was taken.
     */
    static List<Date> takeItemDates(Document document) {
        if (!document.hasRootElement()) {
            return null;
        }
        Element root = document.getRootElement();
        // RSS 2.0 only: Rome reads items' pubDates from 0.93 on, and 2.0 is what feeds that write them are
        if (!root.getName().equals("rss") || root.getNamespace() != Namespace.NO_NAMESPACE
                || !"2.0".equals(root.getAttributeValue("version"))) {
            return null;
        }
        Element channel = root.getChild("channel");
        if (channel == null) {
            return null;
        }
        List<Date> dates = new ArrayList<>();
        boolean any = false;
        for (Element item : channel.getChildren("item")) {
            List<Element> pubDates = item.getChildren("pubDate");
            Date date = pubDates.size() == 1 ? parse(pubDates.get(0).getText()) : null;
            if (date != null) {
                item.removeChild("pubDate");
                any = true;
            }
            dates.add(date);
        }
        return any ? dates : null;
    }
}
