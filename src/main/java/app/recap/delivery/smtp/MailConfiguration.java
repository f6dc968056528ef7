package app.recap.delivery.smtp;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import app.recap.delivery.dkim.DkimSigner;

/** Chooses SMTP when a relay is configured, the outbox folder otherwise. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    @Bean
    MailConnections mailConnections(MailProperties properties, DkimSigner signer) {
        MailConnections connections = properties.smtpConfigured() ? new SmtpConnections(properties, signer)
                : new OutboxConnections(properties.outboxDir(), signer);
        log.info("mail goes to {}", connections.describe());
        return connections;
    }

    /**
     * The one thread transactional mail (confirmations, welcomes) is sent on, in order, up to 10,000 waiting. Its
     * own, apart from the digest's send threads, so a sign-up's confirmation does not wait behind a weekly send; on
     * shutdown it finishes what is queued for up to 30 seconds.
     */
    @Bean
    ThreadPoolTaskExecutor mailThreads(ThreadPoolTaskExecutorBuilder builder) {
        return builder.threadNamePrefix("mail-").corePoolSize(1).maxPoolSize(1).queueCapacity(10_000)
                .awaitTermination(true).awaitTerminationPeriod(Duration.ofSeconds(30)).build();
    }
}
