package app.recap.admin.accounts;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

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
 * @param twoFactor   two-factor sign-in ({@code recap.admin.two-factor.*})
 * @param oidc        single sign-on with OpenID Connect ({@code recap.admin.oidc.*}); the provider itself is a
 *                    Spring Security client registration ({@code spring.security.oauth2.client.*})
 */
@ConfigurationProperties("recap.admin")
record AdminProperties(String email, String password, int maxFailedLogins, Duration lockout,
        TwoFactorSettings twoFactor, OidcSettings oidc) {

    /**
     * @param requiredRoles roles whose accounts must sign in with a second factor: one without it is sent to enrol
     *                      before anything else after its password. Empty by default (2FA is each account's choice)
     * @param issuer        the name authenticator apps show beside the code
     */
    public record TwoFactorSettings(Set<Role> requiredRoles, String issuer) {
        public TwoFactorSettings {
            requiredRoles = requiredRoles == null ? Set.of() : Set.copyOf(requiredRoles);
            issuer = issuer == null || issuer.isBlank() ? "Recap" : issuer;
        }
    }

    /**
     * @param roleClaim     the ID token or user-info claim whose values give the account's role (a string or a list
     *                      of strings); empty keeps the role the account has in Recap
     * @param roleMapping   claim value to Recap role; with a role claim set, a sign-in none of whose values maps is
     *                      refused, and the highest mapped role (ADMIN over EDITOR) wins and is stored on the account
     * @param createAccounts whether an email without an account gets one (with the mapped role) instead of being
     *                      refused; off by default
     * @param emailClaim    the claim holding the account's email
     */
    public record OidcSettings(String roleClaim, Map<String, Role> roleMapping, boolean createAccounts,
            String emailClaim) {
        public OidcSettings {
            roleClaim = roleClaim == null ? "" : roleClaim.strip();
            roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
            emailClaim = emailClaim == null || emailClaim.isBlank() ? "email" : emailClaim.strip();
        }
    }

    public AdminProperties {
        twoFactor = twoFactor == null ? new TwoFactorSettings(null, null) : twoFactor;
        oidc = oidc == null ? new OidcSettings(null, null, false, null) : oidc;
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
