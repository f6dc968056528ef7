package app.recap.subscriber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Service;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;

/**
 * Writes a filtered view of the subscribers as CSV, one row per subscription (a subscriber without any gets one
 * row with the list columns empty), streamed page by page. Every cell is made safe against spreadsheet formula
 * injection.
 */
@Service
public class SubscriberExport {

    public static final List<String> HEADER = List.of("email", "name", "subscriber_status", "created_at", "list",
            "status", "audiences");

    private final SubscriberDirectory directory;
    private final AudienceRepository audiences;

    SubscriberExport(SubscriberDirectory directory, AudienceRepository audiences) {
        this.directory = directory;
        this.audiences = audiences;
    }

    /** @return rows written, header excluded */
    public long write(SubscriberDirectory.Filter filter, Writer out) throws IOException {
        Map<Long, String> slugs = audiences.findAll().stream().collect(Collectors.toMap(Audience::id, Audience::slug));
        long[] rows = {0};
        CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get().print(out);
        try {
            directory.forEach(filter, entry -> {
                var memberships = entry.subscriptions().stream()
                        .filter(m -> filter.listId() == null || m.listId() == filter.listId()).toList();
                try {
                    if (memberships.isEmpty()) {
                        print(printer, entry, "", "", "");
                        rows[0]++;
                    }
                    for (var m : memberships) {
                        print(printer, entry, m.listSlug(), m.status().name(), m.audienceIds().stream()
                                .map(id -> slugs.getOrDefault(id, String.valueOf(id))).collect(Collectors.joining(";")));
                        rows[0]++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        printer.flush();
        return rows[0];
    }

    private static void print(CSVPrinter printer, SubscriberDirectory.Entry entry, String list, String status,
            String audienceSlugs) throws IOException {
        printer.printRecord(List.of(entry.email(), nullToEmpty(entry.name()), entry.status().name(),
                entry.createdAt().toString(), list, status, audienceSlugs).stream()
                .map(SpreadsheetCells::safe).map(Function.<String>identity()).toList());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
