package app.recap.admin.lists;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import app.recap.admin.AdminApi;
import app.recap.admin.AdminProblem;
import app.recap.admin.CsvDownload;
import app.recap.subscriber.ImportStatus;
import app.recap.subscriber.SubscriberImport;

/**
 * CSV imports over REST (ADMIN only). The body is a multipart upload (part {@code file}) or the CSV itself
 * ({@code text/csv}). The file is stored and checked while the request waits: a file refused whole answers 422 and
 * changes nothing; else the answer is 202 with the import's {@code Location}, which its {@code GET} follows to
 * DONE (or FAILED, INTERRUPTED) with the counts growing meanwhile.
 */
@AdminApi
@Tag(name = "Imports")
class ImportsApiController {

    private final ImportRunner imports;
    private final SubscriberImport subscriberImport;

    ImportsApiController(ImportRunner imports, SubscriberImport subscriberImport) {
        this.imports = imports;
        this.subscriberImport = subscriberImport;
    }

    @PostMapping(value = "/api/lists/{slug}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import subscribers from a CSV upload (header email[,name][,audiences]), in the background")
    ResponseEntity<ImportView> upload(@PathVariable String slug, @RequestParam("file") MultipartFile file)
            throws IOException {
        try (InputStream in = file.getInputStream()) {
            return accepted(imports.submit(slug, in, file.getOriginalFilename()));
        }
    }

    @PostMapping(value = "/api/lists/{slug}/imports", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "Import subscribers from a CSV request body, in the background")
    ResponseEntity<ImportView> body(@PathVariable String slug, HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return accepted(imports.submit(slug, in, "request body"));
        }
    }

    @GetMapping("/api/imports/{id}")
    @Operation(summary = "An import: its status, and its counts so far while it runs")
    ImportView one(@PathVariable long id) {
        return ImportView.of(subscriberImport.find(id).orElseThrow(() -> AdminProblem.notFound("import " + id)));
    }

    @GetMapping(value = "/api/imports/{id}/rejected.csv", produces = "text/csv")
    @Operation(summary = "The rejected rows of an import and why, as CSV")
    void rejected(@PathVariable long id, HttpServletResponse response) throws IOException {
        subscriberImport.find(id).orElseThrow(() -> AdminProblem.notFound("import " + id));
        CsvDownload.send(response, "import-" + id + "-rejected.csv", out -> subscriberImport.writeReport(id, out));
    }

    private static ResponseEntity<ImportView> accepted(SubscriberImport.Record queued) {
        return ResponseEntity.accepted().location(ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/imports/{id}").buildAndExpand(queued.id()).toUri())
                .body(ImportView.of(queued));
    }

    /**
     * An import: {@code status} QUEUED, RUNNING, DONE, FAILED or INTERRUPTED, the counts so far ({@code rowsTotal}
     * is the file's data rows, {@code percent} how far it got), {@code message} why a FAILED or INTERRUPTED one
     * stopped, and {@code report} to download its rejected rows. {@code created} subscriptions are
     * {@code newSubscribers} (addresses new to Recap) and {@code addedToList} (known addresses new to this list);
     * {@code rowsTotal}, {@code newSubscribers} and {@code addedToList} are null for imports recorded before they
     * were kept.
     */
    record ImportView(long id, ImportStatus status, boolean ended, Long rowsTotal, long rowsRead, int percent,
            long created, Long newSubscribers, Long addedToList, long updated, long rejected, String message,
            Instant startedAt, Instant finishedAt, String report) {

        static ImportView of(SubscriberImport.Record r) {
            return new ImportView(r.id(), r.status(), r.status().ended(), r.rowsTotal(), r.rowsRead(), r.percent(),
                    r.created(), r.newSubscribers(), r.addedToList(), r.updated(), r.rejected(), r.message(),
                    r.startedAt(), r.finishedAt(), "/api/imports/" + r.id() + "/rejected.csv");
        }
    }
}
