package app.recap.system;

import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import app.recap.admin.AdminSecurity;

/**
 * Four filter chains, behind the request filters of {@link RequestFilterConfiguration} (base URL, malformed
 * requests, body limits, cross-site requests), which every request meets first.
 * <ul>
 * <li>{@code /actuator/**}: health (with liveness and readiness) for anyone; everything else (metrics, Prometheus)
 * for ADMIN only, with HTTP Basic or an API token, stateless.</li>
 * <li>{@code /api/**}: stateless; HTTP Basic with an admin account or an API token; 401/403/429 as problem
 * documents; no CSRF token (no cookies; cross-site forms are refused by {@code CrossSiteRequests}).</li>
 * <li>{@code /admin/**}: the web UI; form login with CSRF protection and an expiring session that follows its
 * account as it is now ({@link AdminSecurity#accountSessionFilter}).</li>
 * <li>everything else is public (links from emails, sign-up, archive, the OpenAPI document); CSRF stays on
 * except for {@code /u/**}, whose one-click unsubscribe POST (RFC 8058) carries no token because its signed URL is
 * the proof, {@code /webhooks/**}, where providers post with their own signatures, and {@code POST /subscribe/*},
 * the sign-up form that a list's own website embeds (another origin, so no token of ours): what it starts is
 * confirmed by email, within the sign-up limits, behind a honeypot.</li>
 * </ul>
 * Every response carries {@code Referrer-Policy} ({@code no-referrer} on the token-addressed {@code /u/}, {@code /p/},
 * {@code /c/}, {@code /r/} (tracked links) and {@code /o/}, whose URL is a subscriber's key; {@code strict-origin-when-cross-origin} elsewhere), a
 * {@code Permissions-Policy} that allows no powerful feature, and HSTS when served over TLS (or when the base URL is
 * https). Signing in to the admin: a password, then a TOTP code for accounts with a second factor
 * ({@link AdminSecurity#passwordAccepted}), or single sign-on with OpenID Connect when a client registration is configured
 * ({@link AdminSecurity#singleSignOnUsers}); each goes through the admin chain's session management, so {@link AdminSecurity#accountSignIn}
 * records its sessions too.
 * Roles: ADMIN may do everything; EDITOR works on feeds, audiences and edition previews, and never sees subscriber
 * data, list settings, accounts or the audit log, nor sends an edition.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Admin pages: scripts and styles only from our own files, no framing. */
    static final String ADMIN_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'";
    /**
     * The email preview, shown in a sandboxed frame of the preview page: the email's own inline styles and remote
     * images, no script at all, framed only by our own pages.
     */
    static final String EMAIL_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "
            + "frame-ancestors 'self'; sandbox";
    static final String PUBLIC_CSP = "default-src 'self'; frame-ancestors 'none'";
    /** No page of ours needs any of these; denied so an injected frame or script cannot ask for them either. */
    static final String PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
            + "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";
    /** Pages addressed by a subscriber's token: their URL must not travel to the next site in a Referer. */
    static final RequestMatcher TOKEN_PAGES = new OrRequestMatcher(
            Stream.of("/u/**", "/p/**", "/c/**", "/r/**", "/o/**", "/v/**")
            .map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(p)).toList());

    /** The sign-up form's POST, which a list's own website embeds: no CSRF token of ours can be in it. */
    static final RequestMatcher EMBEDDED_SIGNUP = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/subscribe/*");

    /** The headers every chain sends besides Spring Security's defaults (HSTS among them, on secure requests). */
    private static void common(HeadersConfigurer<HttpSecurity> headers) {
        headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(TOKEN_PAGES,
                        new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(TOKEN_PAGES),
                        new ReferrerPolicyHeaderWriter(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY));
    }

    /**
     * What the API and actuator chains share: stateless HTTP Basic or an API token, failed sign-ins throttled,
     * 401/403/429 as problem documents, no CSRF token (no cookies; {@code CrossSiteRequests} refuses forged forms).
     */
    private static HttpSecurity scripted(HttpSecurity http, AdminSecurity admin) throws Exception {
        return http.addFilterBefore(admin.throttleFilter(true), BasicAuthenticationFilter.class)
                .addFilterBefore(admin.apiTokenFilter(), BasicAuthenticationFilter.class)
                .addFilterAfter(admin.passwordOnlyRefusal(), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(admin.apiEntryPoint()))
                .exceptionHandling(e -> e.authenticationEntryPoint(admin.apiEntryPoint())
                        .accessDeniedHandler(admin.apiAccessDenied()))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> {
                    h.frameOptions(f -> f.deny())
                            .contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'"));
                    common(h);
                });
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // BCrypt, stored as {bcrypt}...; the prefix lets a later algorithm take over without a migration
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(0)
    SecurityFilterChain actuator(HttpSecurity http, AdminSecurity admin) throws Exception {
        return scripted(http, admin).securityMatcher("/actuator", "/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, AdminSecurity admin) throws Exception {
        return scripted(http, admin).securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/api/lists", "/api/lists/*").hasAnyRole("ADMIN", "EDITOR")
                        .requestMatchers("/api/lists/*/preview", "/api/lists/*/preview/**").hasAnyRole("ADMIN", "EDITOR")
                        .requestMatchers(HttpMethod.GET, "/api/lists/*/editions").hasAnyRole("ADMIN", "EDITOR")
                        .requestMatchers("/api/lists/**", "/api/subscribers/**", "/api/suppressions/**",
                                "/api/imports/**", "/api/audit/**", "/api/bounces", "/api/bounces/**").hasRole("ADMIN")
                        // sending (and re-sending) an edition reaches subscribers: ADMIN only
                        .requestMatchers(HttpMethod.POST, "/api/editions/**").hasRole("ADMIN")
                        // and so does calling off (or restoring) a scheduled send
                        .requestMatchers(HttpMethod.DELETE, "/api/editions/*/*/schedule").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/editions/*/*/schedule").hasRole("ADMIN")
                        .anyRequest().hasAnyRole("ADMIN", "EDITOR"))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain admin(HttpSecurity http, AdminSecurity admin,
            ObjectProvider<ClientRegistrationRepository> providers) throws Exception {
        RequestMatcher emailPreview = PathPatternRequestMatcher.withDefaults().matcher("/admin/editions/email");
        RequestMatcher page = new NegatedRequestMatcher(emailPreview);
        if (providers.getIfAvailable() != null) {
            // single sign-on, only when a client registration is configured; Spring's default endpoints, so the
            // provider's redirect URI is the usual {baseUrl}/login/oauth2/code/{registrationId}
            SavedRequestAwareAuthenticationSuccessHandler proceed = new SavedRequestAwareAuthenticationSuccessHandler();
            proceed.setDefaultTargetUrl("/admin");
            http.securityMatcher("/admin/**", "/oauth2/authorization/*", "/login/oauth2/code/*")
                    .oauth2Login(oidc -> oidc.loginPage("/admin/login")
                            .userInfoEndpoint(user -> user.oidcUserService(admin.singleSignOnUsers()))
                            .successHandler(proceed).failureHandler(admin.singleSignOnRefused()));
        } else {
            http.securityMatcher("/admin/**");
        }
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/admin/login", "/admin/login/code").permitAll()
                        .requestMatchers("/admin/subscribers/**", "/admin/imports/**", "/admin/suppressions/**",
                                "/admin/accounts/**", "/admin/audit/**", "/admin/lists/new", "/admin/lists/*/edit",
                                "/admin/lists/*/archive", "/admin/editions/run", "/admin/webhooks", "/admin/webhooks/**",
                                "/admin/bounces", "/admin/bounces/**",
                                // sending an edition reaches subscribers: its confirmation step too
                                "/admin/editions/*/*/send", "/admin/editions/*/*/resend-failed",
                                "/admin/editions/*/*/schedule/**")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/admin/lists").hasRole("ADMIN")
                        .anyRequest().hasAnyRole("ADMIN", "EDITOR"))
                .addFilterBefore(admin.throttleFilter(false), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(admin.accountSessionFilter("/admin/login?expired"), AnonymousAuthenticationFilter.class)
                // after the sessions filter, so it sees the account's current role
                .addFilterBefore(admin.twoFactorEnrolmentFilter(), AnonymousAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/admin/login").loginProcessingUrl("/admin/login")
                        .successHandler(admin.passwordAccepted()).failureUrl("/admin/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl("/admin/login?logout"))
                .sessionManagement(s -> s.invalidSessionUrl("/admin/login?expired")
                        .addSessionAuthenticationStrategy(admin.accountSignIn()))
                .headers(h -> h.frameOptions(f -> f.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(page,
                                new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(emailPreview,
                                new XFrameOptionsHeaderWriter(XFrameOptionsMode.SAMEORIGIN)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(page,
                                new ContentSecurityPolicyHeaderWriter(ADMIN_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(emailPreview,
                                new ContentSecurityPolicyHeaderWriter(EMAIL_PREVIEW_CSP))))
                .headers(SecurityConfiguration::common)
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain publicSide(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.ignoringRequestMatchers(EMBEDDED_SIGNUP)
                        .ignoringRequestMatchers("/u/**", "/webhooks/**"))
                .headers(h -> {
                    h.frameOptions(f -> f.deny()).contentSecurityPolicy(c -> c.policyDirectives(PUBLIC_CSP));
                    common(h);
                })
                .build();
    }
}
