package app.recap.ingest.websub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Renews WebSub leases before they end, every few minutes and once at start-up (for those that ended meanwhile). */
@Component
class LeaseRenewal {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewal.class);

    private final WebSubscriptions subscriptions;
    private final WebSubProperties properties;

    LeaseRenewal(WebSubscriptions subscriptions, WebSubProperties properties) {
        this.subscriptions = subscriptions;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${recap.websub.renew-check}", initialDelayString = "${recap.websub.renew-check}")
    void renew() {
        if (!properties.enabled()) {
            return;
        }
        int renewed = subscriptions.renewDue();
        if (renewed > 0) {
            log.info("websub leases renewed count={}", renewed);
        }
    }
}
