package app.recap.admin.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Administration settings ({@code recap.admin.*}).
 *
 * @param email       the first admin account, usually from {@code RECAP_ADMIN_EMAIL}; created at start-up when
 *                    no account with this address exists. Outside the demo profile there is no default
 * @param password    its password, usually from {@code RECAP_ADMIN_PASSWORD}; only used to create the account
 * @param maxFailedLogins failed sign-ins (form, HTTP Basic or API token) to one account from one client address
 *                    before sign-ins to that account from there are answered 429; after that they get one more
 *                    try per {@code lockout / maxFailedLogins}
 * @param lockout     how long an account and address that used up their failed sign-ins wait for all of them
 */
@ConfigurationProperties("recap.admin")
record AdminProperties(String email, String password, int maxFailedLogins, Duration lockout) {

    public AdminProperties {
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException("recap.admin.max-failed-logins must be at least 1");
        }
        if (lockout == null || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("recap.admin.lockout must be positive");
        }
    }

    public boolean configured() {
        return email != null && !email.isBlank() && password != null && !password.isBlank();
    }
}
