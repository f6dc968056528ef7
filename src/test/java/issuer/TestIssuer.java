package issuer;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID Connect issuer for the single sign-on tests: Spring Authorization Server as Spring Boot sets it up
 * (its endpoints, discovery, JWKs, a login form), in its own application context on its own port. It lives
 * outside {@code app.recap} so Recap's component scan never picks it up. Its users sign in with
 * {@link #PASSWORD}; their ID tokens carry {@code email} and the {@code groups} listed here.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestIssuer {

    public static final String PASSWORD = "issuer password";
    public static final String CLIENT_ID = "recap";
    public static final String CLIENT_SECRET = "recap client secret";
    /** Each user's groups, the claim Recap's tests map to roles. */
    static final Map<String, List<String>> GROUPS = Map.of(
            "ada@sso.example", List.of("staff", "recap-admins"),
            "grace@sso.example", List.of("recap-editors"),
            "disabled@sso.example", List.of("recap-admins"),
            "stranger@sso.example", List.of("recap-admins"),
            "norole@sso.example", List.of("staff"));

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(GROUPS.keySet().stream()
                .map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build()).toList());
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
        return context -> {
            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                String name = context.getPrincipal().getName();
                context.getClaims().claim("email", name).claim("email_verified", true)
                        .claim("groups", GROUPS.getOrDefault(name, List.of()));
            }
        };
    }

    /** Starts the issuer at {@code http://127.0.0.1:<port>}, for one client whose redirect URI is given. */
    public static ConfigurableApplicationContext start(int port, String redirectUri) {
        String client = "spring.security.oauth2.authorizationserver.client.recap.";
        return new SpringApplicationBuilder(TestIssuer.class).properties(
                // none of Recap's configuration: this is another application
                "spring.config.name=issuer",
                "server.port=" + port, "server.address=127.0.0.1",
                "spring.security.oauth2.authorizationserver.issuer=http://127.0.0.1:" + port,
                client + "registration.client-id=" + CLIENT_ID,
                client + "registration.client-secret={noop}" + CLIENT_SECRET,
                client + "registration.client-authentication-methods=client_secret_basic",
                client + "registration.authorization-grant-types=authorization_code",
                client + "registration.redirect-uris=" + redirectUri,
                client + "registration.scopes=openid,email",
                client + "require-authorization-consent=true",
                "spring.datasource.url=jdbc:h2:mem:issuer;DB_CLOSE_DELAY=-1",
                "spring.flyway.enabled=false", "spring.batch.job.enabled=false",
                "spring.autoconfigure.exclude=org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration",
                "spring.main.banner-mode=off").run();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
