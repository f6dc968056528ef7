package app.recap.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.subscriber.ClickTracking;

/**
 * Follows tracking links: checks the token, records the click (or open) as a reader's or a machine's, and names
 * the story's stored address. The address comes from the edition, never from the request, so {@code /r/} cannot
 * be used to send anyone elsewhere. What is recorded follows the list's mode now: nothing once tracking is off, no
 * reader once it is anonymous, even for links sent while it tracked per subscriber.
 */
@Service
public class Clicks {

    private static final Logger log = LoggerFactory.getLogger(Clicks.class);

    private final ClickTokens tokens;
    private final MachineClicks machines;
    private final TrackingEvents events;
    private final EditionSnapshots snapshots;
    private final Clock clock;
    // a sent edition's stories never change; its list's tracking mode may, so entries are kept only minutes
    private final Cache<Long, Optional<EditionSnapshot>> editions = Caffeine.newBuilder().maximumSize(32)
            .expireAfterWrite(Duration.ofMinutes(2)).build();

    Clicks(ClickTokens tokens, MachineClicks machines, TrackingEvents events, EditionSnapshots snapshots, Clock clock) {
        this.tokens = tokens;
        this.machines = machines;
        this.events = events;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /**
     * A request for {@code /r/{token}}.
     *
     * @param method        the HTTP method ({@code HEAD} is recorded as a machine's)
     * @param userAgent     may be null
     * @param remoteAddress the client's address, used only to judge it and never stored
     * @return the story's address to redirect to; empty for a tampered or unknown token (no redirect)
     */
    public Optional<String> follow(String token, String method, String userAgent, String remoteAddress) {
        Optional<ClickToken> read = tokens.read(token).filter(t -> t.kind() == ClickToken.Kind.CLICK);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        ClickToken click = read.get();
        Optional<EditionSnapshot> edition = edition(click.editionId());
        String url = edition.map(e -> e.storyUrl(click.storyId())).orElse(null);
        if (url == null) {
            return Optional.empty();
        }
        record(click, edition.get(), method, userAgent, remoteAddress);
        return Optional.of(url);
    }

    /**
     * A request for the open pixel {@code /o/{token}}.
     *
     * @return whether the token is genuine (the pixel is served either way)
     */
    public boolean open(String token, String method, String userAgent, String remoteAddress) {
        Optional<ClickToken> read = tokens.read(token).filter(t -> t.kind() == ClickToken.Kind.OPEN);
        Optional<EditionSnapshot> edition = read.flatMap(t -> edition(t.editionId()));
        if (edition.isEmpty()) {
            return false;
        }
        record(read.get(), edition.get(), method, userAgent, remoteAddress);
        return true;
    }

    private void record(ClickToken token, EditionSnapshot edition, String method, String userAgent,
            String remoteAddress) {
        ClickTracking mode = edition.list().tracking();
        if (mode == ClickTracking.OFF) {
            return;
        }
        Instant now = clock.instant();
        MachineReason machine = machines.judge(token, method, userAgent, remoteAddress, now);
        long id = events.record(token, mode == ClickTracking.SUBSCRIBER, machine, now);
        if (machine == null && token.kind() == ClickToken.Kind.CLICK) {
            List<Long> burst = machines.burst(token, userAgent, remoteAddress, id, now);
            if (!burst.isEmpty()) {
                events.markMachine(burst, MachineReason.BURST);
                machine = MachineReason.BURST;
            }
        }
        log.debug("tracking {} edition={} section={} story={} machine={}", token.kind(), token.editionId(),
                token.sectionAudienceId(), token.storyId(), machine);
    }

    private Optional<EditionSnapshot> edition(long editionId) {
        return editions.get(editionId, id -> {
            try {
                return Optional.of(snapshots.load(id));
            } catch (IllegalArgumentException unknown) {
                return Optional.empty();
            }
        });
    }
}
