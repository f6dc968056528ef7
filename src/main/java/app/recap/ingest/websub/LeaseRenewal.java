package app.recap.ingest.websub;

import java.util.Optional;

import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import app.recap.lock.NodeLocks;

/**
 * Renews WebSub leases before they end, every few minutes and once at start-up (for those that ended meanwhile).
 * One node at a time: two nodes renewing one lease would each give the hub a new callback.
 */
@Component
class LeaseRenewal {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewal.class);

    private static final String LOCK = "websub-lease-renewal";

    private final WebSubscriptions subscriptions;
    private final WebSubProperties properties;
    private final NodeLocks locks;

    LeaseRenewal(WebSubscriptions subscriptions, WebSubProperties properties, NodeLocks locks) {
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.locks = locks;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${recap.websub.renew-check}", initialDelayString = "${recap.websub.renew-check}")
    void renew() {
        if (!properties.enabled()) {
            return;
        }
        Optional<SimpleLock> lock = locks.tryLock(LOCK);
        if (lock.isEmpty()) {
            log.info("websub leases are being renewed by another node");
            return;
        }
        try {
            int renewed = subscriptions.renewDue();
            if (renewed > 0) {
                log.info("websub leases renewed count={}", renewed);
            }
        } finally {
            lock.get().unlock();
        }
    }
}
