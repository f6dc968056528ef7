package app.recap.admin.accounts;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps open admin UI sessions in step with their account, on every node of a cluster, because the account is
 * read from the database on each request instead of trusting what the session remembers from sign-in:
 * <ul>
 * <li>a disabled or deleted account's session ends at its next request;</li>
 * <li>a changed role takes effect at the next request (a demoted admin goes on as an editor);</li>
 * <li>a session that signed in under an older {@code admin_account.session_version} ends: the version is raised
 * by a password change ({@link AdminAccounts#changePassword}).</li>
 * </ul>
 * Any way of signing in that goes through Spring Security's session authentication strategies (form login now;
 * a second factor or an OpenID Connect login later) records the version, provided its
 * {@link Authentication#getName()} is the account's email.
 */
@Component
public class AccountSessions {

    private static final Logger log = LoggerFactory.getLogger(AccountSessions.class);
    static final String VERSION = AccountSessions.class.getName() + ".VERSION";

    private final AdminAccounts accounts;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    AccountSessions(AdminAccounts accounts) {
        this.accounts = accounts;
    }

    /** Remembers, in the new session, the account's session version at sign-in. */
    public SessionAuthenticationStrategy signInStrategy() {
        return (authentication, request, response) -> accounts.standing(authentication.getName())
                .ifPresent(standing -> request.getSession().setAttribute(VERSION, standing.sessionVersion()));
    }

    /**
     * Ends a session whose account is gone, disabled or signed out everywhere (redirecting to the sign-in page),
     * and gives a live one its account's current role. Goes after the security context is loaded and before
     * anything is authorised.
     */
    public OncePerRequestFilter filter(String signInPage) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                Authentication auth = contexts.getContext().getAuthentication();
                HttpSession session = request.getSession(false);
                if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
                        || session == null) {
                    chain.doFilter(request, response);
                    return;
                }
                Optional<AdminAccounts.Standing> standing = accounts.standing(auth.getName());
                // a session no sign-in recorded a version for counts as signed in before any was raised
                long version = session.getAttribute(VERSION) instanceof Long v ? v : 0;
                if (standing.isEmpty() || !standing.get().enabled() || version != standing.get().sessionVersion()) {
                    log.info("session ended account={} reason={}", auth.getName(), standing.isEmpty() ? "no account"
                            : !standing.get().enabled() ? "disabled" : "signed out everywhere");
                    session.invalidate();
                    contexts.clearContext();
                    response.sendRedirect(request.getContextPath() + signInPage);
                    return;
                }
                String role = standing.get().role().authority();
                boolean current = auth.getAuthorities().stream()
                        .filter(a -> a.getAuthority().startsWith("ROLE_"))
                        .allMatch(a -> a.getAuthority().equals(role))
                        && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(role));
                if (!current) {
                    // only the role changes: other authorities (such as the factors a sign-in proved) stay
                    Authentication now = auth.toBuilder().authorities(authorities -> {
                        authorities.removeIf(a -> a.getAuthority().startsWith("ROLE_"));
                        authorities.add(new SimpleGrantedAuthority(role));
                    }).build();
                    SecurityContext context = contexts.createEmptyContext();
                    context.setAuthentication(now);
                    contexts.setContext(context);
                }
                chain.doFilter(request, response);
            }
        };
    }
}
