package app.recap.admin.accounts;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The second step of a password sign-in. When the password of an account with a second factor is right, the
 * session is <em>not</em> signed in: the accepted authentication waits in the session (for five minutes) while
 * the code page asks for a TOTP or recovery code, and only a right code puts it into the security context, with a
 * new session id and the account's session version ({@link AccountSessions}). Wrong codes count against the
 * account and address in {@link LoginThrottle} like wrong passwords.
 * <p>
 * Enforcement per role ({@code recap.admin.two-factor.required-roles}): a password sign-in of such a role without a
 * second factor may do nothing but enrol (or sign out) until it has one. Single sign-on is left to the identity
 * provider, which runs its own second factor.
 */
@Component
public class TwoFactorSignIn {

    private static final Logger log = LoggerFactory.getLogger(TwoFactorSignIn.class);
    static final String PENDING = TwoFactorSignIn.class.getName() + ".PENDING";
    static final String CODE_PAGE = "/admin/login/code";
    static final String ENROL_PAGE = "/admin/two-factor";
    private static final Duration PENDING_FOR = Duration.ofMinutes(5);

    /** A password sign-in waiting for its code. */
    record Pending(Authentication authentication, Instant until) implements java.io.Serializable {
    }

    private final AdminAccounts accounts;
    private final TwoFactor twoFactor;
    private final AdminProperties properties;
    private final AccountSessions sessions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    private final SavedRequestAwareAuthenticationSuccessHandler proceed = new SavedRequestAwareAuthenticationSuccessHandler();

    TwoFactorSignIn(AdminAccounts accounts, TwoFactor twoFactor, AdminProperties properties, AccountSessions sessions,
            ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.twoFactor = twoFactor;
        this.properties = properties;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
        proceed.setDefaultTargetUrl("/admin");
    }

    /**
     * After a right password: on to the saved request or {@code /admin}, or, for an account with a second factor,
     * back to being signed out with the sign-in pending and on to the code page.
     */
    public AuthenticationSuccessHandler passwordAccepted() {
        return (request, response, authentication) -> {
            var account = accounts.findByEmail(authentication.getName());
            if (account.isEmpty() || !twoFactor.enrolled(account.get().id())) {
                proceed.onAuthenticationSuccess(request, response, authentication);
                return;
            }
            SecurityContext empty = contexts.createEmptyContext();
            contexts.setContext(empty);
            repository.saveContext(empty, request, response);
            request.getSession().setAttribute(PENDING,
                    new Pending(authentication, clock.instant().plus(PENDING_FOR)));
            response.sendRedirect(request.getContextPath() + CODE_PAGE);
        };
    }

    /** The sign-in waiting in this session for its code, unless it timed out. */
    Optional<Authentication> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING) instanceof Pending pending)) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(pending.until())) {
            session.removeAttribute(PENDING);
            return Optional.empty();
        }
        return Optional.of(pending.authentication());
    }

    /** The code was right: signs the pending authentication in, in a new session id, and goes on. */
    void complete(Authentication authentication, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        request.getSession().removeAttribute(PENDING);
        request.changeSessionId();
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        sessions.signInStrategy().onAuthentication(authentication, request, response);
        events.publishEvent(new InteractiveAuthenticationSuccessEvent(authentication, TwoFactorSignIn.class));
        log.info("two-factor sign-in account={}", authentication.getName());
        proceed.onAuthenticationSuccess(request, response, authentication);
    }

    /** Whether a password sign-in of this account must enrol before it may do anything else. */
    boolean mustEnrol(Authentication authentication) {
        if (!(authentication instanceof UsernamePasswordAuthenticationToken) || !authentication.isAuthenticated()
                || properties.twoFactor().requiredRoles().isEmpty()) {
            return false;
        }
        boolean required = properties.twoFactor().requiredRoles().stream()
                .anyMatch(role -> authentication.getAuthorities().stream()
                        .anyMatch(a -> a.getAuthority().equals(role.authority())));
        return required && accounts.findByEmail(authentication.getName())
                .map(account -> !twoFactor.enrolled(account.id())).orElse(false);
    }

    /** Sends a sign-in that must enrol to the enrolment page from anywhere else but signing out. */
    public OncePerRequestFilter enrolmentFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                boolean exempt = path.equals(ENROL_PAGE) || path.startsWith("/admin/login")
                        || path.equals("/admin/logout");
                if (!exempt && mustEnrol(contexts.getContext().getAuthentication())) {
                    response.sendRedirect(request.getContextPath() + ENROL_PAGE);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }
}
