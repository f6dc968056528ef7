package app.recap.delivery;

import java.time.Clock;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Resolves a run's {@link WeeklyDigestContext} from its job parameters, the one place that reads them. Not a
 * {@code @JobScope} bean: Spring Batch registers the job scope only on the thread that runs the job, so neither the
 * threads of a local partitioned step nor a remote worker (which runs one step execution it read from the job
 * repository) could see it. The job parameters travel with every step execution, and the edition is found by its
 * unique list and week, so a restart, a follow-up run and a worker all resolve the same context, with nothing
 * extra stored in the execution context.
 */
@Component
class WeeklyDigestContexts {

    static final String LIST = "list";
    static final String WEEK = "week";

    private final ListRepository lists;
    private final EditionRepository editions;
    private final Clock clock;

    WeeklyDigestContexts(ListRepository lists, EditionRepository editions, Clock clock) {
        this.lists = lists;
        this.editions = editions;
        this.clock = clock;
    }

    static JobParameters parameters(String listSlug, IsoWeek week) {
        return new JobParametersBuilder().addString(LIST, listSlug).addString(WEEK, week.toString())
                .toJobParameters();
    }

    /** The run as it shows in connection names and log lines, {@code list/week}, read without a look-up. */
    static String label(StepExecution step) {
        return step.getJobParameters().getString(LIST) + "/" + step.getJobParameters().getString(WEEK);
    }

    /**
     * The context of the run the step belongs to. The collect step, first in every run, creates the edition here
     * (status COLLECTED) when the list has none for the week yet, exactly as collecting would; later steps find it.
     *
     * @throws IllegalArgumentException when the list named by the parameters does not exist
     */
    WeeklyDigestContext of(StepExecution step) {
        JobParameters parameters = step.getJobParameters();
        String slug = parameters.getString(LIST);
        NewsletterList list = lists.findBySlug(slug)
                .orElseThrow(() -> new IllegalArgumentException("no list with slug " + slug));
        IsoWeek week = IsoWeek.parse(parameters.getString(WEEK));
        Edition edition = editions.findOrCreate(list.id(), week, clock.instant());
        return new WeeklyDigestContext(list, week, edition);
    }
}
