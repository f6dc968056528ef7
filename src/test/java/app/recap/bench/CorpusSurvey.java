package app.recap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.recap.ingest.FeedService;
import app.recap.ingest.FeedSource;
import app.recap.ingest.IngestRun;
import app.recap.ingest.IngestRuns;
import app.recap.support.IngestContext;

/**
 * Run by hand, not part of the suite (surefire's default includes do not match the name):
 * {@code ./mvnw -q -B test -Dtest=CorpusSurvey -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Serves every file of the third-party feed corpus ({@code shared/corpora/feeds/} beside the repository, or
 * {@code -Dcorpus.dir=...}) from the loopback server, with the HTTP headers a feedparser test names in its
 * opening comment, registers each as a feed and runs the real ingest job over all of them. The job must
 * complete; the output (target/surefire-reports/app.recap.bench.CorpusSurvey-output.txt) counts how many were
 * ingested and refused, and the refusal reasons. Skipped when the corpus is not there (users' machines and CI).
 */
class CorpusSurvey extends IngestContext {

    private static final Pattern HEADER = Pattern.compile("^Header:\\s*([A-Za-z-]+):\\s*(.*)$", Pattern.MULTILINE);

    @Autowired FeedService feeds;
    @Autowired IngestRuns runs;

    @Test
    void ingestTheWholeCorpus() throws Exception {
        Path corpus = corpus();
        Assumptions.assumeTrue(corpus != null, "no shared/corpora/feeds beside the repository: nothing to survey");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile).filter(CorpusSurvey::isFeedCandidate).sorted().toList();
        }
        Map<Long, String> fileOf = new LinkedHashMap<>();
        for (Path file : files) {
            String path = "/corpus/" + corpus.relativize(file).toString().replace('\\', '/');
            serve(path, file);
            FeedSource feed = feeds.add(server.url(path), corpus.relativize(file).toString(), null).feed();
            fileOf.put(feed.id(), corpus.relativize(file).toString());
        }

        IngestRun run = runs.run();

        assertThat(run.status()).isEqualTo("COMPLETED");
        int ingested = 0;
        int withStories = 0;
        int refused = 0;
        int skippedItems = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, Integer> warnings = new TreeMap<>();
        Map<String, String> example = new TreeMap<>();
        for (Map.Entry<Long, String> entry : fileOf.entrySet()) {
            FeedSource feed = feeds.find(entry.getKey()).orElseThrow();
            if (feed.lastError() == null) {
                ingested++;
                if (feed.lastNewStories() != null && feed.lastNewStories() > 0) {
                    withStories++;
                }
                skippedItems += feed.lastSkippedItems() == null ? 0 : feed.lastSkippedItems();
                if (feed.lastWarning() != null) {
                    for (String warning : feed.lastWarning().split("; ")) {
                        warnings.merge(reason(warning), 1, Integer::sum);
                    }
                }
            } else {
                refused++;
                String reason = reason(feed.lastError());
                reasons.merge(reason, 1, Integer::sum);
                example.putIfAbsent(reason, entry.getValue());
            }
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(reasons.entrySet());
        byCount.sort((a, b) -> b.getValue() - a.getValue());
        StringBuilder report = new StringBuilder();
        report.append("CORPUS ").append(corpus).append('\n');
        report.append("CORPUS files=").append(files.size()).append(" job=").append(run.status())
                .append(" seconds=").append(String.format(Locale.ROOT, "%.1f", run.took().toMillis() / 1000.0))
                .append(" ingested=").append(ingested).append(" (with at least one new story: ").append(withStories)
                .append(") refused=").append(refused).append(" itemsSeen=").append(run.itemsSeen())
                .append(" newStories=").append(run.newStories()).append(" itemsSkipped=").append(skippedItems)
                .append('\n');
        for (Map.Entry<String, Integer> reason : byCount) {
            report.append("CORPUS refused ").append(reason.getValue()).append("  ").append(reason.getKey())
                    .append("   e.g. ").append(example.get(reason.getKey())).append('\n');
        }
        warnings.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(w -> report.append("CORPUS ingested-with-warning ").append(w.getValue()).append("  ")
                        .append(w.getKey()).append('\n'));
        System.out.print(report);
    }

    /** The reason without what differs per file (line numbers, sizes, names), so equal reasons group. */
    private static String reason(String error) {
        String general = error.replaceAll("line \\d+", "line N").replaceAll("\\(its root element is <[^>]+>\\)",
                "(its root element is <...>)").replaceAll("\"[^\"]*\"", "\"...\"").replaceAll("\\d+", "N");
        return general.length() > 160 ? general.substring(0, 160) + "…" : general;
    }

    /** Serves the file with the headers its "Header:" comment lines name, if any. */
    private static void serve(String path, Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        String head = new String(body, 0, Math.min(body.length, 2000), StandardCharsets.ISO_8859_1);
        List<String> headers = new ArrayList<>();
        String contentType = file.toString().endsWith(".json") ? "application/json" : null;
        Matcher header = HEADER.matcher(head);
        while (header.find()) {
            if (header.group(1).equalsIgnoreCase("Content-Type")) {
                contentType = header.group(2).strip();
            } else if (!header.group(1).equalsIgnoreCase("Content-Length")
                    && !header.group(1).equalsIgnoreCase("Content-Encoding")) {
                headers.add(header.group(1));
                headers.add(header.group(2).strip());
            }
        }
        server.serve(path, body, contentType, headers.toArray(String[]::new));
    }

    private static boolean isFeedCandidate(Path file) {
        String name = file.getFileName().toString();
        return !name.equals("LICENSE") && !name.equals("README.md") && !name.equals("SOURCE.txt");
    }

    /** {@code -Dcorpus.dir}, or {@code shared/corpora/feeds} in the working directory or one of its parents. */
    private static Path corpus() {
        String configured = System.getProperty("corpus.dir");
        if (configured != null) {
            Path dir = Path.of(configured);
            return Files.isDirectory(dir) ? dir : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/corpora/feeds");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
