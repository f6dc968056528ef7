package app.recap.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.recap.support.IngestContext;

/** Saving a feed's stories as one batch does what saving them one by one does, also when ingests race. */
class StoryRepositoryTests extends IngestContext {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    @Autowired StoryRepository stories;

    @Test
    void aBatchCreatesNewStoriesOnceAndRecordsCoverageOfKnownOnes() {
        long known = stories.save(story("https://batch.example/known", "Wire", List.of()), AT).storyId();

        List<StoryRepository.SaveResult> results = stories.saveAll(List.of(
                story("https://batch.example/a", "Daily", List.of(new AudienceWeight("Batch Readers", 0.7))),
                story("https://batch.example/known", "Daily", List.of()),
                story("https://batch.example/a", "Weekly", List.of()),
                story("https://batch.example/a", "Daily", List.of())), AT);

        assertThat(results).extracting(StoryRepository.SaveResult::created).containsExactly(true, false, false, false);
        long a = results.get(0).storyId();
        assertThat(results).extracting(StoryRepository.SaveResult::storyId).containsExactly(a, known, a, a);
        assertThat(sources(known)).containsExactly("Daily", "Wire");
        assertThat(sources(a)).containsExactly("Daily", "Weekly");
        assertThat(jdbc.sql("select count(*) from story_takeaway where story_id = ?").param(a).query(Long.class)
                .single()).isEqualTo(2);
        assertThat(jdbc.sql("""
                select a.display_name from story_audience s join audience a on a.id = s.audience_id
                where s.story_id = ?""").param(a).query(String.class).list()).containsExactly("Batch Readers");

        List<StoryRepository.SaveResult> again = stories.saveAll(List.of(
                story("https://batch.example/a", "Daily", List.of())), AT);
        assertThat(again).containsExactly(new StoryRepository.SaveResult(a, false));
        assertThat(sources(a)).containsExactly("Daily", "Weekly");
    }

    @Test
    void racingBatchesStoreEachUrlOnceWithTheCoverageOfBoth() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<IncomingStory> first = new ArrayList<>();
            List<IncomingStory> second = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String url = "https://race.example/" + round + "/" + i;
                first.add(story(url, "First", List.of()));
                second.add(story(url, "Second", List.of()));
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Callable<List<StoryRepository.SaveResult>> a = () -> {
                    start.await();
                    return stories.saveAll(first, AT);
                };
                Callable<List<StoryRepository.SaveResult>> b = () -> {
                    start.await();
                    return stories.saveAll(second, AT);
                };
                Future<List<StoryRepository.SaveResult>> fa = threads.submit(a);
                Future<List<StoryRepository.SaveResult>> fb = threads.submit(b);
                start.countDown();
                List<StoryRepository.SaveResult> ra = fa.get();
                List<StoryRepository.SaveResult> rb = fb.get();
                for (int i = 0; i < 20; i++) {
                    assertThat(ra.get(i).storyId()).isEqualTo(rb.get(i).storyId());
                    assertThat(ra.get(i).created()).isNotEqualTo(rb.get(i).created());
                    assertThat(sources(ra.get(i).storyId())).containsExactly("First", "Second");
                }
            } finally {
                threads.shutdown();
            }
            assertThat(jdbc.sql("select count(*) from story where url like ?").param("https://race.example/" + round + "/%")
                    .query(Long.class).single()).isEqualTo(20);
        }
    }

    private List<String> sources(long storyId) {
        return jdbc.sql("select source_name from story_source where story_id = ? order by source_name")
                .param(storyId).query(String.class).list();
    }

    private static IncomingStory story(String url, String source, List<AudienceWeight> audiences) {
        return new IncomingStory(url, "A title for " + url, "A summary.", source, null, AT,
                new Tldr("What changed.", null, null), List.of("One.", "Two."), audiences, 0.5, false);
    }
}
