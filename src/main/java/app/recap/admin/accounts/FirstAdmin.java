package app.recap.admin.accounts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import app.recap.admin.AuditLog;

/**
 * Creates the first admin account from {@code RECAP_ADMIN_EMAIL} / {@code RECAP_ADMIN_PASSWORD} when no account
 * has that address, before the server takes requests. An existing account is left as it is (its password may
 * have been changed in the UI since).
 */
@Component
class FirstAdmin implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final AdminProperties properties;
    private final AdminAccounts accounts;
    private final AuditLog audit;

    FirstAdmin(AdminProperties properties, AdminAccounts accounts, AuditLog audit) {
        this.properties = properties;
        this.accounts = accounts;
        this.audit = audit;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.configured()) {
            if (accounts.countEnabledAdmins() == 0) {
                log.warn("no admin account: set RECAP_ADMIN_EMAIL and RECAP_ADMIN_PASSWORD to create the first one");
            }
            return;
        }
        if (accounts.findByEmail(properties.email()).isEmpty()) {
            accounts.create(properties.email(), properties.password(), Role.ADMIN).ifPresent(a -> {
                audit.record("system", "account.create", "account", a.email(), "first admin from configuration");
                log.info("admin account {} created from configuration", a.email());
            });
        }
    }
}
