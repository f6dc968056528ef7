package app.recap.admin.editions;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The thread the admin's "run now" requests run on. */
@Configuration(proxyBeanMethods = false)
class RunNowConfiguration {

    /**
     * One thread: requests run one after another, so a second "run now" waits for the first instead of finding
     * its list locked. On shutdown a run still going is interrupted; the next start resumes it.
     */
    @Bean
    ThreadPoolTaskExecutor runNowThread(ThreadPoolTaskExecutorBuilder builder) {
        return builder.threadNamePrefix("edition-run-now-").corePoolSize(1).maxPoolSize(1)
                .queueCapacity(Integer.MAX_VALUE).build();
    }
}
