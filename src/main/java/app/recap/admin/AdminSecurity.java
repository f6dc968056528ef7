package app.recap.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.json.JsonMapper;

import app.recap.admin.accounts.AccountSessions;
import app.recap.admin.accounts.AdminAccounts;
import app.recap.admin.accounts.ApiTokens;
import app.recap.admin.accounts.LoginThrottle;
import app.recap.admin.accounts.SingleSignOn;
import app.recap.admin.accounts.TwoFactor;
import app.recap.admin.accounts.TwoFactorSignIn;

/**
 * The pieces the security filter chains ({@code app.recap.system.SecurityConfiguration}) take from the admin
 * module: API token authentication, the failed-sign-in throttle as a filter, open UI sessions that follow their
 * account, and RFC 9457 problem responses for
 * the REST API's 401, 403 and 429.
 */
@Component
public class AdminSecurity {

    private final ApiTokens tokens;
    private final LoginThrottle throttle;
    private final AccountSessions sessions;
    private final JsonMapper json;
    private final MessageSource messages;
    private final TwoFactorSignIn twoFactor;
    private final SingleSignOn sso;
    private final AdminAccounts accounts;
    private final TwoFactor secondFactors;

    AdminSecurity(ApiTokens tokens, LoginThrottle throttle, AccountSessions sessions, JsonMapper json,
            MessageSource messages, TwoFactorSignIn twoFactor, SingleSignOn sso, AdminAccounts accounts,
            TwoFactor secondFactors) {
        this.sso = sso;
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.twoFactor = twoFactor;
        this.tokens = tokens;
        this.throttle = throttle;
        this.sessions = sessions;
        this.json = json;
        this.messages = messages;
    }

    /**
     * Records, at every interactive sign-in to the admin UI (form login now; a second factor or OpenID Connect
     * later), the account's session version, for {@link #accountSessionFilter}.
     */
    /** After a right password: on, or to the code step for an account with a second factor. */
    public org.springframework.security.web.authentication.AuthenticationSuccessHandler passwordAccepted() {
        return twoFactor.passwordAccepted();
    }

    /** Single sign-on's mapping of the provider's user to its Recap account (or its refusal). */
    public org.springframework.security.oauth2.client.userinfo.OAuth2UserService<
            org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest,
            org.springframework.security.oauth2.core.oidc.user.OidcUser> singleSignOnUsers() {
        return sso.userService();
    }

    /** Where a refused single sign-on goes: the sign-in page with a notice. */
    public org.springframework.security.web.authentication.AuthenticationFailureHandler singleSignOnRefused() {
        return sso.failureHandler();
    }

    /** Sends a password sign-in whose role requires a second factor it lacks to enrol first. */
    public OncePerRequestFilter twoFactorEnrolmentFilter() {
        return twoFactor.enrolmentFilter();
    }

    public SessionAuthenticationStrategy accountSignIn() {
        return sessions.signInStrategy();
    }

    /**
     * Keeps an open UI session in step with its account as the database has it now: ends it (redirecting to
     * {@code signInPage}) when the account is gone, disabled or signed out everywhere; applies a changed role.
     * Goes after the security context is loaded and before anything is authorised.
     */
    public OncePerRequestFilter accountSessionFilter(String signInPage) {
        return sessions.filter(signInPage);
    }

    /** 401 as a problem document, with the Basic challenge so clients know what to send. */
    public AuthenticationEntryPoint apiEntryPoint() {
        return (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Recap API\"");
            problem(request, response, HttpStatus.UNAUTHORIZED,
                    "Sign in with HTTP Basic (an admin account) or an API token (Authorization: Bearer recap_...).");
        };
    }

    public AccessDeniedHandler apiAccessDenied() {
        return (request, response, e) -> problem(request, response, HttpStatus.FORBIDDEN,
                "Your role may not do this.");
    }

    /**
     * Authenticates {@code Authorization: Bearer recap_...}. A wrong token is answered 401 at once and counts as
     * a failed sign-in; requests without a bearer token pass on to HTTP Basic.
     */
    public OncePerRequestFilter apiTokenFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                String header = request.getHeader(HttpHeaders.AUTHORIZATION);
                if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    chain.doFilter(request, response);
                    return;
                }
                Optional<ApiTokens.Holder> holder = tokens.authenticate(header.substring(7).strip());
                if (holder.isEmpty()) {
                    throttle.failed(LoginThrottle.API_TOKEN, request.getRemoteAddr());
                    apiEntryPoint().commence(request, response, null);
                    return;
                }
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(holder.get().email(), null,
                        List.of(new SimpleGrantedAuthority(holder.get().role().authority()))));
                SecurityContextHolder.setContext(context);
                try {
                    chain.doFilter(request, response);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }
        };
    }

    /**
     * Refuses HTTP Basic (401) for an account with a second factor, whose password alone must not be enough:
     * scripts of such an account use an API token. Goes after the Basic filter, which signs in with a
     * {@link UserDetails} principal (an API token's principal is the plain email).
     */
    public OncePerRequestFilter passwordOnlyRefusal() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                var auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.getPrincipal() instanceof UserDetails user && accounts
                        .findByEmail(user.getUsername()).map(a -> secondFactors.enrolled(a.id())).orElse(false)) {
                    SecurityContextHolder.clearContext();
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Recap API\"");
                    problem(request, response, HttpStatus.UNAUTHORIZED, "This account signs in with a second "
                            + "factor, so HTTP Basic is not enough: use an API token (Authorization: Bearer recap_...).");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /**
     * Answers 429 (with Retry-After) to a sign-in whose account used up its failed sign-ins from this client
     * address, for the requests that try to sign in: API requests carrying credentials, and the login form's POST.
     */
    public OncePerRequestFilter throttleFilter(boolean api) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                boolean signIn = api ? request.getHeader(HttpHeaders.AUTHORIZATION) != null
                        : "POST".equals(request.getMethod())
                                && request.getRequestURI().equals(request.getContextPath() + "/admin/login");
                Optional<Duration> wait = signIn ? throttle.retryAfter(account(request, api), request.getRemoteAddr())
                        : Optional.empty();
                if (wait.isEmpty()) {
                    chain.doFilter(request, response);
                    return;
                }
                long seconds = Math.max(1, wait.get().toSeconds());
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
                String detail = messages.getMessage("admin.throttled", new Object[] {(seconds + 59) / 60},
                        request.getLocale());
                if (api) {
                    problem(request, response, HttpStatus.TOO_MANY_REQUESTS, detail);
                } else {
                    response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                    response.setContentType("text/html;charset=UTF-8");
                    response.getWriter().write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>429</title>"
                            + "<link rel=\"stylesheet\" href=\"/css/admin.css\"></head><body class=\"login\"><main "
                            + "class=\"card\"><h1>429</h1><p>" + HtmlUtils.htmlEscape(detail)
                            + "</p></main></body></html>");
                }
            }
        };
    }

    /** The account a sign-in attempt names: the form's username, Basic's user, or none for an API token. */
    private static String account(HttpServletRequest request, boolean api) {
        if (!api) {
            return request.getParameter("username");
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException notBase64) {
                return header;
            }
        }
        return LoginThrottle.API_TOKEN;
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
