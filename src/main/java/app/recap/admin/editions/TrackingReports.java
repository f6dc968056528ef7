package app.recap.admin.editions;

import java.util.Optional;

import org.springframework.stereotype.Component;

import app.recap.edition.IsoWeek;
import app.recap.tracking.EditionReport;
import app.recap.tracking.EditionReports;

/** The edition report page's figures, from the tracking module's report (the same as the report API's JSON). */
@Component
class TrackingReports implements EditionReportSource {

    private final EditionReports reports;

    TrackingReports(EditionReports reports) {
        this.reports = reports;
    }

    @Override
    public Optional<Report> report(String listSlug, IsoWeek week) {
        return reports.report(listSlug, week).map(TrackingReports::view);
    }

    static Report view(EditionReport report) {
        return new Report(report.sent(), report.delivered(), report.bounced(), report.complaints(),
                report.unsubscribes(), report.uniqueClickers(), report.readerClicks(), report.machineClicks(),
                report.sections().stream().map(s -> new Section(s.audienceSlug(), s.name(), s.impressions(),
                        s.readerClicks(), s.clickThrough(), s.stories().stream()
                                .map(t -> new Story(t.storyId(), t.title(), t.source(), t.readerClicks())).toList()))
                        .toList());
    }
}
