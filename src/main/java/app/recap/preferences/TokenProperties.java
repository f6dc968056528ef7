package app.recap.preferences;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Link-signing keys ({@code recap.tokens.*}).
 *
 * @param secrets HMAC keys; the first signs, all verify, so a key can be rotated without breaking links in
 *                emails already sent. Empty: a random key is generated on first start and kept in the database.
 */
@ConfigurationProperties("recap.tokens")
record TokenProperties(List<String> secrets) {

    public TokenProperties {
        secrets = secrets == null ? List.of() : secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
    }
}
