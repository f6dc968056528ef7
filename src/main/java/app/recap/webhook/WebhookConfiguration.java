package app.recap.webhook;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The dispatcher's poll runs on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WebhookConfiguration {
}
