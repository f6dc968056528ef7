package app.recap.admin.editions;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;

/**
 * An edition's page: the send's live progress (the page polls {@code progress} every 2 s while it runs) and the
 * edition's report, its figures in cards, tables and charts (ECharts, served from the WebJar); and a list's page
 * over time ({@code trends}).
 */
@Controller
class EditionReportController implements AdminPage {

    /** The stories the clicks chart shows, most clicked first. */
    static final int TOP_STORIES = 10;

    /** A story of any section, with the section it was clicked in. */
    record StoryRow(long storyId, String title, String section, long readerClicks) {
    }

    private final EditionProgress progress;
    private final EditionReportSource reports;
    private final ListTrends trends;

    EditionReportController(EditionProgress progress, EditionReportSource reports, ListTrends trends) {
        this.progress = progress;
        this.reports = reports;
        this.trends = trends;
    }

    /** The list over its last {@code weeks} weeks (12 unless asked). */
    @GetMapping("/admin/editions/{list}/trends")
    String trends(@PathVariable String list, @RequestParam(defaultValue = "12") int weeks, Model model) {
        ListTrends.Trends found = trends.of(list, weeks);
        model.addAttribute("trends", found);
        return "admin/trends";
    }

    @GetMapping("/admin/editions/{list}/{week}")
    String edition(@PathVariable String list, @PathVariable String week, Model model) {
        EditionProgress.Progress now = progress.of(list, week);
        EditionReportSource.Report report = reports.report(list, EditionProgress.week(week))
                .orElseThrow(() -> AdminProblem.notFound("edition " + list + "/" + week));
        model.addAttribute("list", progress.list(list));
        model.addAttribute("progress", now);
        model.addAttribute("report", report);
        model.addAttribute("stories", topStories(report));
        return "admin/edition";
    }

    @GetMapping("/admin/editions/{list}/{week}/progress")
    @ResponseBody
    EditionProgress.Progress progress(@PathVariable String list, @PathVariable String week) {
        return progress.of(list, week);
    }

    static List<StoryRow> topStories(EditionReportSource.Report report) {
        return report.sections().stream()
                .flatMap(s -> s.stories().stream().map(t -> new StoryRow(t.storyId(), t.title(), s.name(),
                        t.readerClicks())))
                .filter(row -> row.readerClicks() > 0)
                .sorted(Comparator.comparingLong(StoryRow::readerClicks).reversed()
                        .thenComparingLong(StoryRow::storyId))
                .limit(TOP_STORIES)
                .toList();
    }
}
