package app.recap.enrichment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.recap.audience.Audience;
import app.recap.ingest.FeedText;
import app.recap.story.Tldr;

/**
 * A model's enrichment of one story, validated against the enrichment schema and cleaned like feed text. The model
 * read untrusted story text, so its answer is untrusted too: every field goes through the feed cleaner (no HTML,
 * no links), is length-capped, audiences not in the catalogue are dropped, and an answer without a TL;DR or with
 * an importance outside [0, 1] is no answer at all.
 *
 * @param audienceWeights audience id to weight, in the model's order, the first strongest
 */
record ModelAnswer(Tldr tldr, List<String> takeaways, double importance, Map<Long, Double> audienceWeights) {

    static final int MAX_TLDR = 600;
    static final int MAX_PART = 400;
    static final int MAX_TAKEAWAY = 300;
    static final int MAX_TAKEAWAYS = 5;
    static final int MAX_AUDIENCES = 6;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
    /** Links the cleaner leaves as text: a URL with a scheme, or a bare www. address. */
    private static final Pattern LINK = Pattern.compile(
            "(?i)(?:\\b(?:https?|ftp|file|javascript|data|mailto|vbscript):\\S*|\\bwww\\.\\S+)");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** @return the validated, cleaned answer; empty when the text is not JSON of the schema */
    static Optional<ModelAnswer> parse(String text, List<Audience> catalogue) {
        JsonNode root;
        try {
            root = JSON.readTree(text == null ? "" : text.strip());
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        String tldr = clean(root.path("tldr"), MAX_TLDR);
        JsonNode importance = root.path("importance");
        if (tldr == null || !importance.isNumber() || importance.asDouble() < 0 || importance.asDouble() > 1
                || Double.isNaN(importance.asDouble())) {
            return Optional.empty();
        }
        List<String> takeaways = new ArrayList<>();
        for (JsonNode t : root.path("takeaways")) {
            String clean = clean(t, MAX_TAKEAWAY);
            if (clean != null && takeaways.size() < MAX_TAKEAWAYS) {
                takeaways.add(clean);
            }
        }
        Map<String, Long> bySlug = new LinkedHashMap<>();
        catalogue.forEach(a -> bySlug.put(a.slug().toLowerCase(Locale.ROOT), a.id()));
        Map<Long, Double> weights = new LinkedHashMap<>();
        for (JsonNode a : root.path("audiences")) {
            Long id = a.isString() ? bySlug.get(a.asString().strip().toLowerCase(Locale.ROOT)) : null;
            if (id != null && !weights.containsKey(id) && weights.size() < MAX_AUDIENCES) {
                // the model lists the audiences most concerned first: 1, 0.8, 0.6, then 0.4 for the rest
                weights.put(id, Math.max(AudienceChooser.BASE_WEIGHT, 1.0 - 0.2 * weights.size()));
            }
        }
        return Optional.of(new ModelAnswer(new Tldr(tldr, clean(root.path("whyItMatters"), MAX_PART),
                clean(root.path("whatToDoNext"), MAX_PART)), List.copyOf(takeaways), importance.asDouble(), weights));
    }

    /** Plain text of a string field, as feed text is cleaned, without links; null when missing or blank. */
    static String clean(JsonNode field, int max) {
        if (field == null || !field.isString()) {
            return null;
        }
        String text = MARKDOWN_LINK.matcher(field.asString()).replaceAll("$1");
        text = FeedText.plain(text);
        if (text == null) {
            return null;
        }
        text = SPACES.matcher(LINK.matcher(text).replaceAll("")).replaceAll(" ").strip();
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1).strip() + "…";
    }
}
