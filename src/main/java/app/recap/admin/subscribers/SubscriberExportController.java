package app.recap.admin.subscribers;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import app.recap.admin.AdminPage;
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
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"subscribers.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        long rows = export.write(filter, out);
        out.flush();
        administration.recordExport(rows, filter);
    }
}
