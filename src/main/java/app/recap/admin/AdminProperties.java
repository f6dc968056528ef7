package app.recap.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first admin account ({@code recap.admin.*}, usually from {@code RECAP_ADMIN_EMAIL} and
 * {@code RECAP_ADMIN_PASSWORD}). Outside the demo profile there is no default: without both, the API refuses
 * every request.
 */
@ConfigurationProperties("recap.admin")
public record AdminProperties(String email, String password) {

    public boolean configured() {
        return email != null && !email.isBlank() && password != null && !password.isBlank();
    }
}
