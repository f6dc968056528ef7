package app.recap.admin.subscribers;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import app.recap.admin.AdminPage;
import app.recap.admin.CsvDownload;
import app.recap.subscriber.SubscriberExport;

/** The subscribers screen's "export this view" download (ADMIN). */
@Controller
class SubscriberExportController implements AdminPage {

    private final SubscriberAdministration administration;
    private final SubscriberExport export;

    SubscriberExportController(SubscriberAdministration administration, SubscriberExport export) {
        this.administration = administration;
        this.export = export;
    }

    @GetMapping("/admin/subscribers/export.csv")
    void export(@RequestParam(required = false) String query, @RequestParam(required = false) String list,
            @RequestParam(required = false) String status, @RequestParam(required = false) String audience,
            HttpServletResponse response) throws IOException {
        var filter = administration.filter(query, list, status, audience);
        long rows = CsvDownload.sendCounted(response, "subscribers.csv", out -> export.write(filter, out));
        administration.recordExport(rows, filter);
    }
}
