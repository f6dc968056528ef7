package app.recap.ingest.jsonfeed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jsoup.nodes.Entities;
import org.springframework.stereotype.Component;

import app.recap.ingest.FeedParseException;
import app.recap.ingest.ParsedFeed;
import app.recap.ingest.ParsedItem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into Recap's own records. An item's link is its
 * {@code url}, else its {@code external_url}, else an {@code id} that is an http(s) URL; its text is
 * {@code summary}, else {@code content_html}, else {@code content_text} (plain text is escaped, so it is cleaned as
 * text); its date is {@code date_published}, else {@code date_modified}, RFC 3339, with a date-time without a zone
 * read as UTC and noted. The nesting depth and the length of numbers are capped; the body is already size-limited
 * by the fetcher. Enrichment rides in the item's {@code _recap} object with the JSON intake's field names, read as
 * leniently as the XML extension: a value of the wrong type is left out, not an error.
 */
@Component
public class JsonFeedParser {

    private static final String VERSION_PREFIX = "://jsonfeed.org/version/";
    private static final DateTimeFormatter OFFSET_WITHOUT_COLON = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]xx", Locale.ROOT);

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
            .build()).disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** True when the body, past white space and a byte-order mark, starts like a JSON document. */
    public static boolean looksLikeJson(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i < body.length && (body[i] == '{' || body[i] == '[');
    }

    /**
     * @param body the raw bytes (UTF-8, as the spec requires; UTF-16 and UTF-32 are detected)
     * @throws FeedParseException with a message a person can act on when it is not a JSON Feed
     */
    public ParsedFeed parse(byte[] body) throws FeedParseException {
        List<String> warnings = new ArrayList<>();
        JsonNode root = read(body, warnings);
        if (root == null || !root.isObject()) {
            throw new FeedParseException("the document is JSON but not a JSON Feed (it is not an object with "
                    + "\"version\" and \"items\")");
        }
        String version = text(root.get("version"));
        JsonNode items = root.get("items");
        if (version == null || !version.contains(VERSION_PREFIX)) {
            if (items == null || !items.isArray()) {
                throw new FeedParseException("the document is JSON but not a JSON Feed (no \"version\" of "
                        + "https://jsonfeed.org/version/1.1 and no \"items\" array)");
            }
            warnings.add("the JSON Feed names no version of https://jsonfeed.org/version/, so it was read as 1.1");
        } else if (!version.endsWith(VERSION_PREFIX + "1") && !version.endsWith(VERSION_PREFIX + "1.1")) {
            warnings.add("the JSON Feed says it is version \"" + shown(version) + "\", which Recap does not know, so it "
                    + "was read as 1.1");
        }
        if (items == null || !items.isArray()) {
            throw new FeedParseException("the JSON Feed has no \"items\" array, so it carries no items");
        }
        List<ParsedItem> parsed = new ArrayList<>();
        int zoneless = 0;
        int undated = 0;
        for (JsonNode item : items) {
            if (!item.isObject()) {
                continue;
            }
            Dated date = date(item, "date_published");
            if (date.instant == null && !date.unreadable) {
                date = date(item, "date_modified");
            }
            zoneless += date.zoneless ? 1 : 0;
            undated += date.unreadable ? 1 : 0;
            parsed.add(new ParsedItem(text(item.get("id")), link(item), text(item.get("title")), description(item),
                    date.instant, enrichment(item.get("_recap"))));
        }
        int skipped = items.size() - parsed.size();
        if (skipped > 0) {
            warnings.add("the JSON Feed's items: " + skipped + " of " + items.size()
                    + (skipped == 1 ? " was not a JSON object and was" : " were not JSON objects and were") + " left out");
        }
        if (zoneless > 0) {
            warnings.add(zoneless + (zoneless == 1 ? " item's date names" : " items' dates name")
                    + " no time zone and " + (zoneless == 1 ? "was" : "were") + " read as UTC");
        }
        if (undated > 0) {
            warnings.add(undated + (undated == 1 ? " item's date is" : " items' dates are") + " not RFC 3339 and "
                    + (undated == 1 ? "was" : "were") + " ignored");
        }
        return new ParsedFeed(text(root.get("title")), text(root.get("home_page_url")), parsed, warnings);
    }

    /** The first JSON value of the body; whatever follows it (a broken CMS's HTML) is dropped with a warning. */
    private JsonNode read(byte[] body, List<String> warnings) throws FeedParseException {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode root = mapper.readTree(parser);
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JacksonException junk) {
                more = true;
            }
            if (more) {
                warnings.add("the JSON Feed is followed by other content, which Recap dropped");
            }
            return root;
        } catch (JacksonException e) {
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            if (message.contains("nesting depth") || message.contains("Number value length")) {
                throw new FeedParseException("refused: the JSON Feed exceeds the JSON parser's safety limits ("
                        + message + ")", e);
            }
            throw new FeedParseException("the document is not valid JSON: " + message
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
    }

    private static String link(JsonNode item) {
        for (String field : List.of("url", "external_url", "id")) {
            String value = text(item.get(field));
            if (value != null && !value.isBlank() && (!field.equals("id") || value.startsWith("http"))) {
                return value.strip();
            }
        }
        return null;
    }

    private static String description(JsonNode item) {
        String summary = text(item.get("summary"));
        if (summary != null && !summary.isBlank()) {
            return Entities.escape(summary);
        }
        String html = text(item.get("content_html"));
        if (html != null && !html.isBlank()) {
            return html;
        }
        String plain = text(item.get("content_text"));
        return plain == null || plain.isBlank() ? null : Entities.escape(plain);
    }

    private record Dated(Instant instant, boolean zoneless, boolean unreadable) {
    }

    private static Dated date(JsonNode item, String field) {
        String value = text(item.get(field));
        if (value == null || value.isBlank()) {
            return new Dated(null, false, false);
        }
        String iso = value.strip().toUpperCase(Locale.ROOT);
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + "T" + iso.substring(11);
        }
        try {
            return new Dated(OffsetDateTime.parse(iso).toInstant(), false, false);
        } catch (DateTimeParseException notRfc3339) {
            // the forms real feeds write instead follow
        }
        try {
            return new Dated(OffsetDateTime.parse(iso, OFFSET_WITHOUT_COLON).toInstant(), false, false);
        } catch (DateTimeParseException notThatEither) {
            // next form
        }
        try {
            return new Dated(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC), true, false);
        } catch (DateTimeParseException notThatEither) {
            // next form
        }
        try {
            return new Dated(LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant(), false, false);
        } catch (DateTimeParseException notThatEither) {
            // next form
        }
        try {
            return new Dated(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
                    false, false);
        } catch (DateTimeParseException unreadable) {
            return new Dated(null, false, true);
        }
    }

    private static ParsedItem.Enrichment enrichment(JsonNode recap) {
        if (recap == null || !recap.isObject()) {
            return null;
        }
        List<String> takeaways = new ArrayList<>();
        JsonNode takeawayList = recap.get("takeaways");
        if (takeawayList != null && takeawayList.isArray()) {
            for (JsonNode takeaway : takeawayList) {
                String text = nonBlank(text(takeaway));
                if (text != null) {
                    takeaways.add(text);
                }
            }
        }
        List<ParsedItem.Enrichment.Audience> audiences = new ArrayList<>();
        JsonNode audienceList = recap.get("audiences");
        if (audienceList != null && audienceList.isArray()) {
            for (JsonNode audience : audienceList) {
                String name = nonBlank(audience.isObject() ? text(audience.get("name")) : text(audience));
                if (name != null) {
                    audiences.add(new ParsedItem.Enrichment.Audience(name,
                            audience.isObject() ? number(audience.get("weight")) : null));
                }
            }
        }
        String tldr = nonBlank(text(recap.get("tldr")));
        String why = nonBlank(text(recap.get("whyItMatters")));
        String next = nonBlank(text(recap.get("whatToDoNext")));
        Double importance = number(recap.get("importance"));
        if (tldr == null && why == null && next == null && importance == null && takeaways.isEmpty()
                && audiences.isEmpty()) {
            return null;
        }
        return new ParsedItem.Enrichment(tldr, why, next, importance, takeaways, audiences);
    }

    /** A string, or a number written as text (JSON Feed 1.0 ids often are numbers); null for anything else. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue();
        }
        return value.isNumber() ? value.asString() : null;
    }

    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? null : text.strip().replaceAll("\\s+", " ");
    }

    private static Double number(JsonNode value) {
        if (value == null) {
            return null;
        }
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isString()) {
            try {
                number = Double.parseDouble(value.stringValue().strip());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(number) ? number : null;
    }

    private static String shown(String version) {
        String kept = version.replaceAll("[^\\w.:/\\- ]", "");
        return kept.length() > 60 ? kept.substring(0, 60) : kept;
    }
}
