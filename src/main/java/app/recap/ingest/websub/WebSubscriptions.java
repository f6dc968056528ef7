package app.recap.ingest.websub;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

import app.recap.RecapProperties;
import app.recap.ingest.AddressGuard;
import app.recap.ingest.FeedIngester;
import app.recap.ingest.FeedParseException;
import app.recap.ingest.FeedPush;
import app.recap.ingest.FeedPushes;
import app.recap.ingest.FeedService;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FeedStopped;
import app.recap.ingest.FetchReport;
import app.recap.ingest.HubDeclared;
import app.recap.ingest.IngestProperties;

/**
 * The subscriber side of WebSub (W3C Recommendation): asks hubs to push, answers their verification of intent,
 * checks and ingests what they push, renews leases and unsubscribes when a feed stops.
 */
@Service
class WebSubscriptions implements FeedPushes {

    static final String CALLBACK_PATH = "/webhooks/websub/";

    private static final Logger log = LoggerFactory.getLogger(WebSubscriptions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> SIGNATURES = Map.of("sha1", "HmacSHA1", "sha256", "HmacSHA256",
            "sha384", "HmacSHA384", "sha512", "HmacSHA512");

    /** What a push came to. */
    enum PushOutcome { INGESTED, UNKNOWN_CALLBACK, BAD_SIGNATURE, NOT_A_FEED }

    private final SubscriptionRepository subscriptions;
    private final FeedService feeds;
    private final FeedIngester ingester;
    private final AddressGuard guard;
    private final WebSubProperties properties;
    private final RecapProperties recap;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final HttpClient client;
    /** A hub request is given what a feed request is given ({@code recap.ingest.read-timeout}). */
    private final Duration requestTimeout;
    /** A hub may redirect a request with 307 or 308; followed this many times, as a feed's redirects are. */
    private final int maxRedirects;

    WebSubscriptions(SubscriptionRepository subscriptions, FeedService feeds, FeedIngester ingester,
            AddressGuard guard, WebSubProperties properties, IngestProperties ingest, RecapProperties recap,
            Clock clock, PlatformTransactionManager transactions) {
        this.client = HttpClient.newBuilder().connectTimeout(ingest.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = ingest.readTimeout();
        this.maxRedirects = ingest.maxRedirects();
        // the listeners run after the feed's transaction committed, where a write would join that finished
        // transaction and might never commit; and the hub's verification must see the row before it arrives
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.subscriptions = subscriptions;
        this.feeds = feeds;
        this.ingester = ingester;
        this.guard = guard;
        this.properties = properties;
        this.recap = recap;
        this.clock = clock;
    }

    @Override
    public Optional<FeedPush> of(long feedId) {
        return subscriptions.findByFeed(feedId).map(s -> new FeedPush(s.status().name(), s.hub(), s.topic(),
                s.expiresAt(), s.lastPushAt(), s.lastError()));
    }

    /** Subscribes once per hub and topic; a fetch of an already subscribed feed changes nothing. */
    @TransactionalEventListener(fallbackExecution = true)
    void onHubDeclared(HubDeclared declared) {
        if (!properties.enabled()) {
            return;
        }
        Optional<Subscription> known = subscriptions.findByFeed(declared.feedId());
        if (known.isPresent() && known.get().hub().equals(declared.hub())
                && known.get().topic().equals(declared.topic()) && known.get().status() != SubscriptionStatus.FAILED
                // a feed switched back on while its unsubscription is unanswered subscribes afresh
                && known.get().status() != SubscriptionStatus.UNSUBSCRIBING) {
            return;
        }
        subscribe(declared.feedId(), declared.hub(), declared.topic());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onFeedStopped(FeedStopped stopped) {
        subscriptions.findByFeed(stopped.feedId()).ifPresent(this::unsubscribe);
    }

    /** Sends a subscribe request with a fresh callback token and secret; the row is PENDING until verified. */
    void subscribe(long feedId, String hub, String topic) {
        String token = random(24);
        String secret = random(32);
        Instant now = clock.instant();
        ownTransaction.executeWithoutResult(t -> subscriptions.requested(feedId, hub, topic, token, secret, now));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.callback", callback(token));
        form.put("hub.mode", "subscribe");
        form.put("hub.topic", topic);
        form.put("hub.lease_seconds", Long.toString(properties.lease().toSeconds()));
        form.put("hub.secret", secret);
        String error = send(hub, form);
        if (error != null) {
            ownTransaction.executeWithoutResult(t -> subscriptions.status(feedId, SubscriptionStatus.FAILED, error));
            log.warn("websub subscribe failed feed={} hub={} topic={} error=\"{}\"", feedId, hub, topic, error);
        } else {
            log.info("websub subscribe requested feed={} hub={} topic={}", feedId, hub, topic);
        }
    }

    /** Asks the hub to stop; the row is deleted when the hub verifies that (or at once if it cannot be asked). */
    void unsubscribe(Subscription subscription) {
        ownTransaction.executeWithoutResult(t -> subscriptions.status(subscription.feedId(),
                SubscriptionStatus.UNSUBSCRIBING, null));
        String error = send(subscription.hub(), Map.of("hub.callback", callback(subscription.token()), "hub.mode",
                "unsubscribe", "hub.topic", subscription.topic()));
        if (error != null) {
            ownTransaction.executeWithoutResult(t -> subscriptions.delete(subscription.feedId()));
            log.warn("websub unsubscribe failed feed={} hub={} error=\"{}\"; forgotten", subscription.feedId(),
                    subscription.hub(), error);
        } else {
            log.info("websub unsubscribe requested feed={} hub={}", subscription.feedId(), subscription.hub());
        }
    }

    /**
     * The hub's verification of intent (GET on the callback). Returns the challenge to echo when the request is
     * for a subscription or unsubscription Recap asked for; empty means "answer 404".
     */
    Optional<String> verify(String token, String mode, String topic, String challenge, Long leaseSeconds,
            String reason) {
        Optional<Subscription> found = subscriptions.findByToken(token);
        if (found.isEmpty() || mode == null || topic == null || !found.get().topic().equals(topic)) {
            log.info("websub verification refused token={} mode={} topic={}", token, mode, topic);
            return Optional.empty();
        }
        Subscription s = found.get();
        switch (mode) {
            case "subscribe" -> {
                if (challenge == null || (s.status() != SubscriptionStatus.PENDING
                        && s.status() != SubscriptionStatus.ACTIVE)) {
                    return Optional.empty();
                }
                long lease = leaseSeconds == null || leaseSeconds <= 0 ? properties.lease().toSeconds() : leaseSeconds;
                Instant expires = clock.instant().plusSeconds(lease);
                subscriptions.activated(s.feedId(), expires);
                log.info("websub subscription active feed={} hub={} expiresAt={}", s.feedId(), s.hub(), expires);
                return Optional.of(challenge);
            }
            case "unsubscribe" -> {
                if (challenge == null || s.status() != SubscriptionStatus.UNSUBSCRIBING) {
                    return Optional.empty();
                }
                subscriptions.delete(s.feedId());
                log.info("websub unsubscribed feed={} hub={}", s.feedId(), s.hub());
                return Optional.of(challenge);
            }
            case "denied" -> {
                subscriptions.status(s.feedId(), SubscriptionStatus.DENIED, reason == null ? "the hub denied the "
                        + "subscription" : "the hub denied the subscription: " + truncate(reason, 400));
                log.warn("websub subscription denied feed={} hub={} reason=\"{}\"", s.feedId(), s.hub(), reason);
                // the spec asks for no particular answer to a denial; 200 with an empty body acknowledges it
                return Optional.of("");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * A push to the callback. Content without a valid signature is ignored (the spec lets the hub think it was
     * heard, so it does not retry a forgery); a good one is ingested at once.
     */
    PushOutcome receive(String token, String signature, byte[] body, String contentType) {
        Optional<Subscription> found = subscriptions.findByToken(token);
        if (found.isEmpty() || found.get().status() == SubscriptionStatus.UNSUBSCRIBING) {
            return PushOutcome.UNKNOWN_CALLBACK;
        }
        Subscription s = found.get();
        Instant now = clock.instant();
        if (!signatureValid(s.secret(), signature, body)) {
            subscriptions.pushed(s.feedId(), s.lastPushAt(), signature == null
                    ? "a push without X-Hub-Signature was ignored at " + now
                    : "a push with a wrong X-Hub-Signature was ignored at " + now);
            log.warn("websub push ignored feed={} hub={} signature={}", s.feedId(), s.hub(),
                    signature == null ? "missing" : "invalid");
            return PushOutcome.BAD_SIGNATURE;
        }
        Optional<FeedSource> feed = feeds.find(s.feedId());
        if (feed.isEmpty()) {
            return PushOutcome.UNKNOWN_CALLBACK;
        }
        try {
            FetchReport report = ingester.ingestPushed(feed.get(), body, contentType);
            subscriptions.pushed(s.feedId(), now, null);
            log.info("websub push feed={} new={}", s.feedId(), report.newStories());
            return PushOutcome.INGESTED;
        } catch (FeedParseException e) {
            subscriptions.pushed(s.feedId(), now, "a pushed body could not be read: " + truncate(e.getMessage(), 400));
            return PushOutcome.NOT_A_FEED;
        }
    }

    /**
     * Re-subscribes leases that end within {@code renew-before} (or within half the lease, when the hub granted one
     * shorter than that: renewing it at every check would never let it settle), and retries failed or unanswered
     * requests.
     */
    int renewDue() {
        Instant now = clock.instant();
        List<Subscription> due = subscriptions.dueForRenewal(now.plus(properties.renewBefore()),
                now.minus(properties.renewBefore())).stream().filter(s -> renewalDue(s, now)).toList();
        for (Subscription s : due) {
            subscribe(s.feedId(), s.hub(), s.topic());
        }
        return due.size();
    }

    private boolean renewalDue(Subscription s, Instant now) {
        if (s.status() != SubscriptionStatus.ACTIVE || s.expiresAt() == null || s.requestedAt() == null) {
            return true;
        }
        Duration lease = Duration.between(s.requestedAt(), s.expiresAt());
        Duration margin = lease.dividedBy(2).compareTo(properties.renewBefore()) < 0 ? lease.dividedBy(2)
                : properties.renewBefore();
        return !now.plus(margin).isBefore(s.expiresAt());
    }

    static boolean signatureValid(String secret, String header, byte[] body) {
        if (header == null) {
            return false;
        }
        int eq = header.indexOf('=');
        if (eq < 1) {
            return false;
        }
        String algorithm = SIGNATURES.get(header.substring(0, eq).strip().toLowerCase(Locale.ROOT));
        if (algorithm == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(eq + 1).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(algorithm, secret, body), given);
    }

    static byte[] hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private String callback(String token) {
        return recap.link(CALLBACK_PATH + token);
    }

    /**
     * Null when the hub accepted (2xx), else the problem in words. A 307 or 308 is followed with the same request,
     * as WebSub allows a hub to answer; each target passes the request-forgery guard. Other redirects are not
     * followed: they would turn the POST into a GET.
     */
    private String send(String hub, Map<String, String> form) {
        String redirectedTo = null; // what an invalid URL is named as: the hub's, or the last redirect's target
        try {
            URI uri = URI.create(hub);
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            for (int redirects = 0; ; redirects++) {
                Optional<String> refused = guard.refusalForFeeds(uri);
                if (refused.isPresent()) {
                    return refused.get();
                }
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(requestTimeout)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                Optional<String> location = response.headers().firstValue("Location");
                if ((status == 307 || status == 308) && location.isPresent()) {
                    if (redirects == maxRedirects) {
                        return "the hub redirected more than " + maxRedirects + " times";
                    }
                    redirectedTo = location.get().strip();
                    uri = uri.resolve(redirectedTo);
                    continue;
                }
                if (status / 100 != 2) {
                    return "the hub answered HTTP " + status + ": " + truncate(response.body(), 300);
                }
                return null;
            }
        } catch (IllegalArgumentException e) {
            return redirectedTo == null ? "the hub URL is not valid: " + hub
                    : "the hub redirected to an invalid URL: " + redirectedTo;
        } catch (java.io.IOException e) {
            return "the hub could not be reached: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
