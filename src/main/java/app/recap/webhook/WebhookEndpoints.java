package app.recap.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

import app.recap.ingest.AddressGuard;

/** The registered webhook endpoints: add (URL checked by the request-forgery guard), list, switch, remove. */
@Service
public class WebhookEndpoints {

    /** An endpoint refused as given; the message says why, for the administrator. */
    public static class InvalidEndpoint extends RuntimeException {
        InvalidEndpoint(String message) {
            super(message);
        }
    }

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final AddressGuard guard;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookEndpoints(JdbcClient jdbc, AddressGuard guard, WebhookProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Registers an endpoint with a fresh secret.
     *
     * @throws InvalidEndpoint when the URL is not http(s), the guard refuses its address, or no event is named
     */
    public WebhookEndpoint add(String url, Collection<WebhookEvent> events) {
        URI uri = checked(url);
        if (events == null || events.isEmpty()) {
            throw new InvalidEndpoint("choose at least one event");
        }
        Instant now = clock.instant();
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into webhook_endpoint (url, secret, events, enabled, created_at) values (?, ?, ?, true, ?)")
                .params(uri.toString(), secret, labels(events), now.atOffset(ZoneOffset.UTC))
                .update(key, "id");
        return find(key.getKey().longValue()).orElseThrow();
    }

    public List<WebhookEndpoint> all() {
        return jdbc.sql("select id, url, secret, events, enabled, created_at from webhook_endpoint order by id")
                .query((rs, n) -> endpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    public Optional<WebhookEndpoint> find(long id) {
        return jdbc.sql("select id, url, secret, events, enabled, created_at from webhook_endpoint where id = ?")
                .param(id)
                .query((rs, n) -> endpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getObject(6, OffsetDateTime.class)))
                .optional();
    }

    /** Pauses or resumes deliveries; false when there is no such endpoint. */
    public boolean setEnabled(long id, boolean enabled) {
        return jdbc.sql("update webhook_endpoint set enabled = ? where id = ?").params(enabled, id).update() > 0;
    }

    /** Removes the endpoint and its delivery log; false when there is no such endpoint. */
    public boolean remove(long id) {
        jdbc.sql("delete from webhook_delivery where endpoint_id = ?").param(id).update();
        return jdbc.sql("delete from webhook_endpoint where id = ?").param(id).update() > 0;
    }

    /** Why a request to {@code uri} would be refused now, or empty: checked again before every attempt. */
    Optional<String> refusal(URI uri) {
        return guard.refusal(uri, properties.allowedHosts());
    }

    private URI checked(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidEndpoint("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new InvalidEndpoint("an http:// or https:// URL is needed");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidEndpoint("a webhook URL may not carry a user name or password");
        }
        refusal(uri).ifPresent(reason -> {
            throw new InvalidEndpoint(reason + "; list the host in recap.webhooks.allowed-hosts if the receiver "
                    + "really lives there");
        });
        return uri;
    }

    private static String labels(Collection<WebhookEvent> events) {
        return EnumSet.copyOf(events).stream().map(WebhookEvent::label).collect(Collectors.joining(","));
    }

    private static WebhookEndpoint endpoint(long id, String url, String secret, String events, boolean enabled,
            OffsetDateTime createdAt) {
        Set<WebhookEvent> set = EnumSet.noneOf(WebhookEvent.class);
        Arrays.stream(events.split(",")).map(WebhookEvent::of).flatMap(Optional::stream).forEach(set::add);
        return new WebhookEndpoint(id, url, secret, Collections.unmodifiableSet(set), enabled, createdAt.toInstant());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return bytes;
    }
}
