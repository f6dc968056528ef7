package app.recap;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings every module may read.
 *
 * @param baseUrl public URL that every link in an email starts with
 * @param dataDir directory for the embedded database, the outbox and other local state
 */
@ConfigurationProperties("recap")
public record RecapProperties(URI baseUrl, Path dataDir) {

    /** {@code baseUrl} without a trailing slash, ready to have a path appended. */
    public String link(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + (path.startsWith("/") ? path : "/" + path);
    }
}
