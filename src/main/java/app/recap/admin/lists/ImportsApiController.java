package app.recap.admin.lists;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.io.FileSystemResource;
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
import app.recap.subscriber.SubscriberImport;

/**
 * CSV imports over REST (ADMIN only). The body is a multipart upload (part {@code file}) or the CSV itself
 * ({@code text/csv}); a file refused whole answers 422 and changes nothing.
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
    @Operation(summary = "Import subscribers from a CSV upload (header email[,name][,audiences])")
    ResponseEntity<ImportView> upload(@PathVariable String slug, @RequestParam("file") MultipartFile file)
            throws IOException {
        return created(imports.run(slug, file, file.getOriginalFilename()));
    }

    @PostMapping(value = "/api/lists/{slug}/imports", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "Import subscribers from a CSV request body")
    ResponseEntity<ImportView> body(@PathVariable String slug, HttpServletRequest request) throws IOException {
        // the import reads the file twice (check, then import), so the body is spooled to a temporary file
        Path spool = Files.createTempFile("recap-import-", ".csv");
        try (InputStream in = request.getInputStream()) {
            Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            return created(imports.run(slug, new FileSystemResource(spool), "request body"));
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @GetMapping("/api/imports/{id}")
    ImportView one(@PathVariable long id) {
        return ImportView.of(subscriberImport.find(id).orElseThrow(() -> AdminProblem.notFound("import " + id)));
    }

    @GetMapping(value = "/api/imports/{id}/rejected.csv", produces = "text/csv")
    @Operation(summary = "The rejected rows of an import and why, as CSV")
    void rejected(@PathVariable long id, HttpServletResponse response) throws IOException {
        subscriberImport.find(id).orElseThrow(() -> AdminProblem.notFound("import " + id));
        CsvDownload.send(response, "import-" + id + "-rejected.csv", out -> subscriberImport.writeReport(id, out));
    }

    private static ResponseEntity<ImportView> created(SubscriberImport.Result result) {
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/imports/{id}").buildAndExpand(result.importId()).toUri())
                .body(ImportView.of(result));
    }

    /**
     * What an import did; {@code report} downloads its rejected rows. {@code created} subscriptions are
     * {@code newSubscribers} (addresses new to Recap) and {@code addedToList} (known addresses new to this list);
     * both are null for imports recorded before that split was kept.
     */
    record ImportView(long id, long rowsRead, long created, Long newSubscribers, Long addedToList, long updated,
            long rejected, String report) {

        static ImportView of(SubscriberImport.Result r) {
            return new ImportView(r.importId(), r.rowsRead(), r.created(), r.newSubscribers(), r.addedToList(),
                    r.updated(), r.rejected(), "/api/imports/" + r.importId() + "/rejected.csv");
        }

        static ImportView of(SubscriberImport.Record r) {
            return new ImportView(r.id(), r.rowsRead(), r.created(), r.newSubscribers(), r.addedToList(), r.updated(),
                    r.rejected(), "/api/imports/" + r.id() + "/rejected.csv");
        }
    }
}
