package app.recap.admin.editions;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import app.recap.admin.AdminApi;
import app.recap.admin.AdminProblem;
import app.recap.admin.CsvDownload;
import app.recap.edition.IsoWeek;
import app.recap.tracking.EditionReport;
import app.recap.tracking.EditionReports;

/**
 * An edition's report: sent, delivered, bounced, complaints, unsubscribes, unique clickers, reader and machine
 * clicks, and reader clicks per section and story; as JSON or as a CSV file.
 */
@AdminApi("/api/editions/{list}/{week}")
class EditionReportApiController {

    private final EditionReports reports;

    EditionReportApiController(EditionReports reports) {
        this.reports = reports;
    }

    @GetMapping("/report")
    EditionReport report(@PathVariable String list, @PathVariable String week) {
        return find(list, week);
    }

    @GetMapping("/report.csv")
    void csv(@PathVariable String list, @PathVariable String week, HttpServletResponse response) throws IOException {
        EditionReport report = find(list, week);
        CsvDownload.send(response, "report-" + report.list() + "-" + report.week() + ".csv",
                out -> reports.printCsv(report, out));
    }

    private EditionReport find(String list, String week) {
        IsoWeek isoWeek;
        try {
            isoWeek = IsoWeek.parse(week);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("week", "an ISO week such as 2026-W48");
        }
        return reports.report(list, isoWeek).orElseThrow(() -> AdminProblem.notFound("edition " + list + "/" + week));
    }
}
