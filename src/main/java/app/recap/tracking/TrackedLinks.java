package app.recap.tracking;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Component;

import app.recap.RecapProperties;
import app.recap.edition.DigestView;
import app.recap.edition.StoryLinks;
import app.recap.subscriber.ClickTracking;
import app.recap.subscriber.NewsletterList;

/**
 * The click-counting links the sender puts into digests. Story links of one segment are signed once, when the
 * segment is rendered; for a list that tracks per subscriber they end in the {@link #READER} placeholder, which the
 * sender replaces with each message's signed {@link #readerPart} (one signature per message).
 */
@Component
public class TrackedLinks {

    /** Where a per-subscriber link's reader part goes; replaced per message. */
    public static final String READER = "{{recap:reader}}";

    private final ClickTokens tokens;
    private final RecapProperties recap;
    private final Clock clock;

    TrackedLinks(ClickTokens tokens, RecapProperties recap, Clock clock) {
        this.tokens = tokens;
        this.recap = recap;
        this.clock = clock;
    }

    /** Whether messages of the list carry a reader part (the list tracks per subscriber). */
    public boolean perReader(NewsletterList list) {
        return list.tracking() == ClickTracking.SUBSCRIBER;
    }

    /**
     * The story links (and open pixel, if the list counts opens) of one segment of an edition; the story's own
     * address when the list does not track.
     *
     * @param segment the audience ids the segment is rendered for, in order
     */
    public StoryLinks forSegment(NewsletterList list, long editionId, List<Long> segment) {
        if (list.tracking() == ClickTracking.OFF) {
            return StoryLinks.DIRECT;
        }
        long now = clock.instant().getEpochSecond();
        String suffix = perReader(list) ? READER : "";
        String pixel = list.trackOpens() ? recap.link("/o/" + tokens.linkPart(
                new ClickToken(ClickToken.Kind.OPEN, editionId, segment, 0, 0, now, null))) + suffix : null;
        return new StoryLinks() {
            @Override
            public String href(DigestView.Section section, DigestView.StoryView story) {
                long sectionId = section.audienceId() == null ? 0 : section.audienceId();
                return recap.link("/r/" + tokens.linkPart(new ClickToken(ClickToken.Kind.CLICK, editionId, segment,
                        sectionId, story.id(), now, null))) + suffix;
            }

            @Override
            public String openPixel() {
                return pixel;
            }
        };
    }

    /** The value of {@link #READER} in one message: {@code "." + signed(delivery, subscriber, now)}. */
    public String readerPart(long editionId, long deliveryId, long subscriberId) {
        return "." + tokens.readerPart(editionId,
                new ClickToken.Reader(deliveryId, subscriberId, clock.instant().getEpochSecond()));
    }
}
