package app.recap.delivery.message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import app.recap.delivery.DeliveryProperties;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.subscriber.DigestLength;
import app.recap.subscriber.ListRepository;

/**
 * Rendered segments (one per audience combination) for the editions being sent, shared by every partition and
 * thread of this process, so an edition is loaded once and each combination rendered once. Keeps the two
 * most recently used editions.
 */
@Component
public class SegmentCache {

    private static final int EDITIONS_KEPT = 2;

    /**
     * One edition's frozen content and the segments rendered from it, at most
     * {@code recap.delivery.segment-cache-size} of them (least recently used go first). Deliveries are numbered
     * in segment order, so each partition works through its segments one after another and rarely needs an
     * evicted one again.
     */
    public record EditionRender(EditionSnapshot snapshot, List<Long> offeredAudiences, Cache<String, Object> segments,
            DigestLength defaultLength) {

        /** An edition whose subscribers without a length of their own get the standard one. */
        public EditionRender(EditionSnapshot snapshot, List<Long> offeredAudiences, Cache<String, Object> segments) {
            this(snapshot, offeredAudiences, segments, DigestLength.STANDARD);
        }

        @SuppressWarnings("unchecked")
        <T> T segment(String audienceKey, Function<String, T> render) {
            return (T) segments.get(audienceKey == null ? "" : audienceKey, render::apply);
        }
    }

    private final EditionSnapshots snapshots;
    private final ListRepository lists;
    private final Map<Long, EditionRender> editions = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EditionRender> eldest) {
            return size() > EDITIONS_KEPT;
        }
    };

    private final int segmentsPerEdition;

    SegmentCache(EditionSnapshots snapshots, ListRepository lists, DeliveryProperties properties) {
        this.snapshots = snapshots;
        this.lists = lists;
        this.segmentsPerEdition = Math.max(1, properties.segmentCacheSize());
    }

    public synchronized EditionRender forEdition(long editionId) {
        return editions.computeIfAbsent(editionId, id -> {
            EditionSnapshot snapshot = snapshots.load(id);
            return new EditionRender(snapshot, lists.offeredAudienceIds(snapshot.list().id()),
                    Caffeine.newBuilder().maximumSize(segmentsPerEdition).build(),
                    lists.defaultLength(snapshot.list().id()));
        });
    }

    /** Drops an edition, e.g. when it is finished. */
    public synchronized void evict(long editionId) {
        editions.remove(editionId);
    }
}
