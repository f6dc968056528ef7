package app.recap.delivery.smtp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses SMTP when a relay is configured, the outbox folder otherwise. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    @Bean
    MailConnections mailConnections(MailProperties properties) {
        MailConnections connections = properties.smtpConfigured() ? new SmtpConnections(properties)
                : new OutboxConnections(properties.outboxDir());
        log.info("mail goes to {}", connections.describe());
        return connections;
    }
}
