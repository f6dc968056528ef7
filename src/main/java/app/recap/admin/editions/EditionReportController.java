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
    private final EditionDesk desk;

    EditionReportController(EditionProgress progress, EditionReportSource reports, ListTrends trends,
            EditionDesk desk) {
        this.desk = desk;
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

    /**
     * One page per (list, week), from not built yet to sent: the status in words with its reason and what happens
     * next, the actions that fit it, the editor's steering, the preview, the send's progress and, once it was
     * sent, the report.
     */
    @GetMapping("/admin/editions/{list}/{week}")
    String edition(@PathVariable String list, @PathVariable String week, Model model) {
        EditionProgress.Progress now = progress.of(list, week);
        EditionDesk.State state = desk.state(list, week);
        model.addAttribute("state", state);
        // a run accepted but not sending yet has no deliveries to poll: the whole page refreshes until it has
        model.addAttribute("live", state.running() != null && !now.sending());
        model.addAttribute("list", progress.list(list));
        model.addAttribute("progress", now);
        reports.report(list, EditionProgress.week(week)).ifPresent(report -> {
            model.addAttribute("report", report);
            model.addAttribute("stories", topStories(report));
        });
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
