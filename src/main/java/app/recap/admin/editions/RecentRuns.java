package app.recap.admin.editions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import app.recap.delivery.DeliveryStatus;

/**
 * The weekly job's latest runs as the overview tells them to a person: the phase in words ("sending", "sent",
 * "failed while sending") instead of Spring Batch's step names and counts, and the deliveries sent and failed.
 */
@Component
public class RecentRuns {

    /**
     * One run.
     *
     * @param phase  a message key under {@code admin.phase.}: what the run is doing or how it ended
     * @param endedAt null while it runs
     */
    public record Run(long executionId, String list, String week, String phase, boolean running, boolean failed,
            Instant startedAt, Instant endedAt, boolean hasEdition, long sent, long failedDeliveries, long pending) {
    }

    private final EditionRuns runs;

    RecentRuns(EditionRuns runs) {
        this.runs = runs;
    }

    /** The latest {@code limit} runs of every list, newest first. */
    public List<Run> latest(int limit) {
        return runs.history(null, limit).stream().map(RecentRuns::run).toList();
    }

    static Run run(EditionRuns.RunView r) {
        Map<DeliveryStatus, Long> d = r.deliveries();
        boolean failed = "FAILED".equals(r.status()) || "ABANDONED".equals(r.status());
        return new Run(r.executionId(), r.list(), r.week(), phase(r), r.running(), failed, r.startedAt(), r.endedAt(),
                r.editionStatus() != null, d.getOrDefault(DeliveryStatus.SENT, 0L),
                d.getOrDefault(DeliveryStatus.FAILED, 0L), d.getOrDefault(DeliveryStatus.PENDING, 0L));
    }

    /** The phase's message key: where a running or failed run is, or what a finished run came to. */
    static String phase(EditionRuns.RunView r) {
        if (r.running() || "FAILED".equals(r.status()) || "STOPPED".equals(r.status())) {
            String step = r.steps().stream().filter(s -> !"COMPLETED".equals(s.status())).reduce((a, b) -> b)
                    .or(() -> r.steps().stream().reduce((a, b) -> b)).map(EditionRuns.StepView::name).orElse(null);
            String where = step == null ? "starting" : switch (step) {
                case "collectStories" -> "collecting";
                case "rankStories" -> "ranking";
                case "buildEdition" -> "building";
                case "finishEdition" -> "finishing";
                default -> step.startsWith("send") ? "sending" : "working";
            };
            return r.running() ? where : ("FAILED".equals(r.status()) ? "failed." : "stopped.") + where;
        }
        if ("ABANDONED".equals(r.status())) {
            return "abandoned";
        }
        if (r.editionStatus() == null) {
            return "done";
        }
        return switch (r.editionStatus()) {
            case "SENT" -> "sent";
            case "SKIPPED" -> "skipped";
            case "SENDING" -> "sending";
            default -> "built";
        };
    }
}
