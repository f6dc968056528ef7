package app.recap.admin.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

import app.recap.admin.AuditLog;

/**
 * Single sign-on with OpenID Connect (Spring Security's OAuth2 client; the provider is a client registration under
 * {@code spring.security.oauth2.client.*}). A sign-in is mapped to the Recap account with the email the provider
 * vouches for: an unknown email is refused unless {@code recap.admin.oidc.create-accounts} is on, a disabled
 * account is refused, and with {@code recap.admin.oidc.role-claim} set the role comes from that claim through
 * {@code role-mapping} and is written to the account (the open session reads the account's role on every request,
 * see {@link AccountSessions}). The signed-in principal's name is the account's email, as the sessions need.
 */
@Component
public class SingleSignOn {

    private static final Logger log = LoggerFactory.getLogger(SingleSignOn.class);
    private static final SecureRandom random = new SecureRandom();

    private final AdminAccounts accounts;
    private final AdminProperties.OidcSettings settings;
    private final AuditLog audit;
    private final OidcUserService provider = new OidcUserService();

    SingleSignOn(AdminAccounts accounts, AdminProperties properties, AuditLog audit) {
        this.accounts = accounts;
        this.settings = properties.oidc();
        this.audit = audit;
    }

    /** Loads the provider's user (ID token and user info) and maps it to its Recap account, or refuses it. */
    public OAuth2UserService<OidcUserRequest, OidcUser> userService() {
        return request -> {
            OidcUser user = provider.loadUser(request);
            String registration = request.getClientRegistration().getRegistrationId();
            Object claimed = user.getClaims().get(settings.emailClaim());
            if (!(claimed instanceof String email) || email.isBlank()) {
                throw refused("no_email", registration, null);
            }
            if (Boolean.FALSE.equals(user.getClaims().get("email_verified"))) {
                throw refused("email_not_verified", registration, email);
            }
            Optional<Role> claimedRole = settings.roleClaim().isEmpty() ? Optional.empty()
                    : role(user.getClaims().get(settings.roleClaim()));
            if (!settings.roleClaim().isEmpty() && claimedRole.isEmpty()) {
                throw refused("no_mapped_role", registration, email);
            }
            var account = accounts.findByEmail(email);
            if (account.isEmpty()) {
                if (!settings.createAccounts()) {
                    throw refused("unknown_account", registration, email);
                }
                Role role = claimedRole.orElse(Role.EDITOR);
                // a password nobody knows: the account signs in through the provider until someone sets one
                byte[] password = new byte[32];
                random.nextBytes(password);
                account = accounts.create(email, Base64.getEncoder().encodeToString(password), role);
                audit.record("sso:" + registration, "account.create", "account", AdminAccounts.normalise(email),
                        role.name());
            }
            var found = account.orElseThrow(() -> refused("unknown_account", registration, email));
            if (!found.enabled()) {
                throw refused("disabled", registration, email);
            }
            Role role = claimedRole.orElse(found.role());
            if (role != found.role()) {
                accounts.update(found.id(), role, true);
                audit.record("sso:" + registration, "account.update", "account", found.email(),
                        "role=" + role + " from claim " + settings.roleClaim());
            }
            log.info("sso sign-in account={} provider={} role={}", found.email(), registration, role);
            return new AccountUser(found.email(), role, user, settings.emailClaim());
        };
    }

    /**
     * The provider's user signed in as its Recap account: named by the account's email (as stored, lower-cased),
     * with the account's role. A plain serializable class, since it lives in the session.
     */
    static final class AccountUser extends DefaultOidcUser {

        private static final long serialVersionUID = 1L;
        private final String email;

        AccountUser(String email, Role role, OidcUser user, String emailClaim) {
            super(List.of(new SimpleGrantedAuthority(role.authority())), user.getIdToken(), user.getUserInfo(),
                    emailClaim);
            this.email = email;
        }

        @Override
        public String getName() {
            return email;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof AccountUser that && super.equals(that) && email.equals(that.email);
        }

        @Override
        public int hashCode() {
            return 31 * super.hashCode() + email.hashCode();
        }
    }

    /** Back to the sign-in page with a notice that single sign-on refused (the reason goes to the log only). */
    public AuthenticationFailureHandler failureHandler() {
        return (request, response, exception) -> response.sendRedirect(request.getContextPath()
                + "/admin/login?sso-refused");
    }

    /** The highest Recap role any of the claim's values maps to (a claim may be one string or a list). */
    private Optional<Role> role(Object claim) {
        Collection<?> values = claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
        List<Role> mapped = values.stream().map(v -> settings.roleMapping().get(String.valueOf(v)))
                .filter(Objects::nonNull).toList();
        return mapped.contains(Role.ADMIN) ? Optional.of(Role.ADMIN)
                : mapped.contains(Role.EDITOR) ? Optional.of(Role.EDITOR) : Optional.empty();
    }

    private static OAuth2AuthenticationException refused(String reason, String registration, String email) {
        log.info("sso sign-in refused provider={} email={} reason={}", registration, email, reason);
        return new OAuth2AuthenticationException(new OAuth2Error("recap_" + reason));
    }
}
