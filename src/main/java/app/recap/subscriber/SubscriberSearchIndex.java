package app.recap.subscriber;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A packed copy of every subscriber's address and lower-case name, for the substring search on H2, which has no
 * trigram index and reads a million rows in about a second. The copy holds, off the heap, each subscriber's
 * {@code email \u0001 name_lower \u0000} as UTF-8 and their id; a scan of it for a query takes tens of milliseconds at a
 * million subscribers.
 *
 * <p>It only proposes <em>candidates</em>, and {@link SubscriberDirectory} checks each one in SQL with the query's
 * own {@code like}, so a deleted, erased or renamed subscriber never shows wrongly. What it must not do is miss a
 * match, and it keeps that without a hook on every write: subscribers added after the copy was taken (ids above
 * its high-water mark) are searched in SQL, an index range; the two renaming writes (the admin's and the import's)
 * {@linkplain #touched report} the ids they changed, which are always candidates until a rebuild; and a row that
 * appeared at or below the mark (a transaction that committed late, an id given explicitly) shows up in the row
 * count, which makes the copy unusable until rebuilt. What remains is a subscriber renamed by some other path
 * matching a new query, for at most {@code max-age}.
 *
 * <p>It is built on the first search, in the background (until then, and whenever it cannot answer, the search
 * is plain SQL), rebuilt when older than {@code max-age} or when more than {@code max-unindexed} subscribers were
 * added since, and never on PostgreSQL.
 */
@Component
class SubscriberSearchIndex implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SubscriberSearchIndex.class);

    /** Bytes per segment of the copy: records never straddle two, so each is scanned on its own. */
    private static final int SEGMENT_BYTES = 4 << 20;
    private static final int READ_CHUNK = 20_000;
    private static final byte FIELD_END = 1;
    private static final byte RECORD_END = 0;

    private final JdbcClient jdbc;
    private final SearchIndexProperties properties;
    private final boolean applies;
    private final ExecutorService builder;
    private final AtomicBoolean building = new AtomicBoolean();
    /** ids renamed since some point, each with the sequence number of its rename */
    private final Map<Long, Long> touched = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    /** the copy must have been started after this sequence number to be used (a rename overflowed the set) */
    private volatile long invalidatedAt = -1;
    private volatile Snapshot snapshot;
    private volatile boolean closed;

    SubscriberSearchIndex(JdbcClient jdbc, DataSource dataSource, SearchIndexProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.applies = properties.enabled() && isH2(dataSource);
        this.builder = applies ? Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "subscriber-search-index");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    private static boolean isH2(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return "H2".equals(product);
        } catch (Exception e) {
            log.warn("subscriber search index off: cannot tell the database ({})", e.toString());
            return false;
        }
    }

    /**
     * Ids among which every subscriber whose address (or, unless {@code addressOnly}, address or lower-case name)
     * contains {@code query} is found, in ascending order, with others that the caller's SQL must weed out; empty
     * when the copy cannot say (not built yet, off, on PostgreSQL, stale, or more than {@code max-candidates}).
     */
    Optional<long[]> candidates(String query, boolean addressOnly) {
        if (!applies || query.isEmpty() || query.indexOf(FIELD_END) >= 0 || query.indexOf(RECORD_END) >= 0) {
            return Optional.empty();
        }
        Snapshot copy = usable();
        if (copy == null) {
            return Optional.empty();
        }
        int limit = properties.maxCandidates();
        long[] found = copy.scan(query.getBytes(StandardCharsets.UTF_8), addressOnly, limit + 1);
        if (found.length > limit) {
            return Optional.empty();
        }
        // subscribers added since the copy: an index range above the mark, checked with the same like later
        String column = addressOnly ? "email" : "email, name_lower";
        List<Long> added = jdbc.sql("select id from subscriber where id > ? and (" + likeAny(column, query) + ")"
                + " fetch first " + (limit + 1) + " rows only").param(copy.highWaterMark).query(Long.class).list();
        long[] all = Arrays.copyOf(found, found.length + added.size() + touched.size());
        int n = found.length;
        for (Long id : added) {
            all[n++] = id;
        }
        for (Long id : touched.keySet()) {
            if (n == all.length) {
                break; // renamed meanwhile beyond the sized array: they are in the next search
            }
            all[n++] = id;
        }
        long[] ids = Arrays.stream(all, 0, n).sorted().distinct().toArray();
        return ids.length > limit ? Optional.empty() : Optional.of(ids);
    }

    private static String likeAny(String columns, String query) {
        String pattern = "'" + SubscriberDirectory.likeInfix(query).replace("'", "''") + "' escape '\\'";
        return Arrays.stream(columns.split(", ")).map(c -> c + " like " + pattern)
                .reduce((a, b) -> a + " or " + b).orElseThrow();
    }

    /**
     * Subscribers whose name changed: candidates for every query until the copy is rebuilt. Recorded once the
     * caller's transaction commits, so a rebuild that starts after this reads the new names.
     */
    void touched(List<Long> ids) {
        if (!applies || ids.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    record(ids);
                }
            });
        } else {
            record(ids);
        }
    }

    private void record(List<Long> ids) {
        for (Long id : ids) {
            touched.put(id, sequence.incrementAndGet());
        }
        if (touched.size() > properties.maxCandidates()) {
            // too many to carry as candidates (an import renamed thousands): start again from the table
            invalidatedAt = sequence.get();
            snapshot = null;
            touched.clear();
            rebuild();
        }
    }

    /** The copy if it can answer now; starts a rebuild when there is none or it is due. */
    private Snapshot usable() {
        Snapshot copy = snapshot;
        if (copy == null) {
            rebuild();
            return null;
        }
        // one look at the table: how many rows are above the mark, and whether any appeared at or below it
        long total = jdbc.sql("select count(*) from subscriber").query(Long.class).single();
        long above = jdbc.sql("select count(*) from subscriber where id > ?").param(copy.highWaterMark)
                .query(Long.class).single();
        if (total - above > copy.records) {
            log.info("subscriber search index stale: rows appeared at or below id {}; rebuilding", copy.highWaterMark);
            snapshot = null;
            rebuild();
            return null;
        }
        if (above > properties.maxUnindexed()) {
            rebuild();
            return null;
        }
        if (System.nanoTime() - copy.builtAt > properties.maxAge().toNanos()) {
            rebuild();
        }
        return copy;
    }

    private void rebuild() {
        if (building.compareAndSet(false, true)) {
            try {
                builder.execute(() -> {
                    try {
                        build();
                    } catch (RuntimeException e) {
                        log.warn("subscriber search index not built: {}", e.toString());
                    } finally {
                        building.set(false);
                    }
                });
            } catch (RuntimeException e) { // shutting down
                building.set(false);
            }
        }
    }

    /** Builds the copy now, on the calling thread (the background builder's work; tests call it to wait). */
    void build() {
        long startedAt = sequence.get();
        long started = System.nanoTime();
        Long max = jdbc.sql("select max(id) from subscriber").query(Long.class).optional().orElse(null);
        long mark = max == null ? 0 : max;
        Snapshot.Builder copy = new Snapshot.Builder();
        long after = Long.MIN_VALUE;
        while (!closed) {
            long[] last = {after};
            int[] read = {0};
            jdbc.sql("select id, email, name_lower from subscriber where id > ? and id <= ? order by id fetch first "
                    + READ_CHUNK + " rows only").params(after, mark).query(rs -> {
                        long id = rs.getLong(1);
                        copy.add(id, rs.getString(2), rs.getString(3));
                        last[0] = id;
                        read[0]++;
                    });
            if (read[0] < READ_CHUNK) {
                break;
            }
            after = last[0];
        }
        if (closed) {
            return;
        }
        Snapshot built = copy.finish(mark, started);
        if (startedAt < invalidatedAt) {
            log.info("subscriber search index outdated while building; building again");
            build();
            return;
        }
        snapshot = built;
        touched.values().removeIf(seq -> seq <= startedAt);
        log.info("subscriber search index built: subscribers={} bytes={} ms={}", built.records, built.bytes(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Whether a copy is in use (for tests and the log). */
    boolean ready() {
        return snapshot != null;
    }

    /** Bytes held off the heap by the copy in use, 0 when there is none. */
    long bytes() {
        Snapshot copy = snapshot;
        return copy == null ? 0 : copy.bytes();
    }

    @Override
    public void destroy() throws InterruptedException {
        closed = true;
        if (builder != null) {
            // not interrupted: H2 closes its file when a thread is interrupted inside a read; the build stops at its
            // next chunk instead
            builder.shutdown();
            builder.awaitTermination(10, TimeUnit.SECONDS);
        }
        snapshot = null;
    }

    /** One immutable copy: segments in id order, each its text, where each record ends, and each record's id. */
    private static final class Snapshot {

        private final List<Segment> segments;
        /** how often each byte value occurs in the text, to pick a query's rarest byte */
        private final long[] frequencies;
        private final long highWaterMark;
        private final long records;
        private final long builtAt;

        private Snapshot(List<Segment> segments, long[] frequencies, long highWaterMark, long records, long builtAt) {
            this.segments = segments;
            this.frequencies = frequencies;
            this.highWaterMark = highWaterMark;
            this.records = records;
            this.builtAt = builtAt;
        }

        long bytes() {
            return segments.stream().mapToLong(s -> s.text.capacity() + 4L * s.ends.capacity() + 8L * s.ids.capacity())
                    .sum();
        }

        /**
         * Ids of up to {@code limit} records containing {@code pattern}, ascending. The text is read eight bytes at a
         * time for the pattern's rarest byte (by the copy's own byte counts), and only where that byte is does the
         * whole pattern get compared: a byte-at-a-time search (Horspool) took up to 1 s for a one-letter query and
         * 250 ms for a short one with letters the addresses lack; this is a pass over the words plus one comparison
         * per occurrence of the rarest byte.
         */
        long[] scan(byte[] pattern, boolean addressOnly, int limit) {
            int m = pattern.length;
            int pivot = 0;
            for (int k = 1; k < m; k++) {
                if (frequencies[pattern[k] & 0xff] < frequencies[pattern[pivot] & 0xff]) {
                    pivot = k;
                }
            }
            long broadcast = (pattern[pivot] & 0xffL) * 0x0101010101010101L;
            long[] found = new long[Math.min(limit, 1024)];
            int n = 0;
            for (Segment segment : segments) {
                ByteBuffer text = segment.text;
                IntBuffer ends = segment.ends;
                int size = text.limit();
                int record = 0;
                int recordEnd = -1; // end of the last record that matched: one hit per subscriber
                int words = size & ~7;
                for (int word = 0; word < size; word += 8) {
                    long bits;
                    if (word < words) {
                        long w = text.getLong(word) ^ broadcast;
                        // a high bit where a byte of w is zero, i.e. the pivot byte (and, after a borrow, perhaps a
                        // false one, which the comparison below rejects)
                        bits = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
                    } else {
                        bits = 0;
                        for (int k = word; k < size; k++) {
                            if (text.get(k) == pattern[pivot]) {
                                bits |= 0x80L << ((k - word) * 8);
                            }
                        }
                    }
                    while (bits != 0) {
                        int at = word + (Long.numberOfTrailingZeros(bits) >>> 3) - pivot;
                        bits &= bits - 1;
                        if (at < recordEnd || at < 0 || at + m > size || !matches(text, at, pattern)) {
                            continue;
                        }
                        while (ends.get(record) <= at) {
                            record++;
                        }
                        int end = ends.get(record);
                        if (!addressOnly || inAddress(text, at + m, end)) {
                            if (n == found.length) {
                                found = Arrays.copyOf(found, Math.min(limit, n * 2));
                            }
                            found[n++] = segment.ids.get(record);
                            if (n == limit) {
                                return found;
                            }
                            recordEnd = end;
                        }
                    }
                }
            }
            return Arrays.copyOf(found, n);
        }

        private static boolean matches(ByteBuffer text, int at, byte[] pattern) {
            for (int k = 0; k < pattern.length; k++) {
                if (text.get(at + k) != pattern[k]) {
                    return false;
                }
            }
            return true;
        }

        /** The pattern ended before the record's address did (no field end is inside a pattern). */
        private static boolean inAddress(ByteBuffer text, int from, int end) {
            for (int k = from; k < end; k++) {
                if (text.get(k) == FIELD_END) {
                    return true;
                }
            }
            return false;
        }

        private record Segment(ByteBuffer text, IntBuffer ends, LongBuffer ids) {
        }

        /** Fills one segment at a time on the heap, then moves it off (direct buffers of its exact size). */
        static final class Builder {

            private final List<Segment> segments = new ArrayList<>();
            private final long[] frequencies = new long[256];
            private byte[] text = new byte[SEGMENT_BYTES];
            private int length;
            private int[] ends = new int[64 * 1024];
            private long[] ids = new long[64 * 1024];
            private int count;
            private long records;

            void add(long id, String email, String nameLower) {
                byte[] address = clean(email).getBytes(StandardCharsets.UTF_8);
                byte[] name = nameLower == null ? new byte[0] : clean(nameLower).getBytes(StandardCharsets.UTF_8);
                int size = address.length + name.length + 2;
                if (size > SEGMENT_BYTES) {
                    return; // cannot happen with the columns' lengths (320 + 200 characters)
                }
                if (length + size > text.length) {
                    seal();
                }
                System.arraycopy(address, 0, text, length, address.length);
                length += address.length;
                text[length++] = FIELD_END;
                System.arraycopy(name, 0, text, length, name.length);
                length += name.length;
                text[length++] = RECORD_END;
                if (count == ends.length) {
                    ends = Arrays.copyOf(ends, count * 2);
                    ids = Arrays.copyOf(ids, count * 2);
                }
                ends[count] = length;
                ids[count++] = id;
                records++;
            }

            /** The separators cannot be in a query (those go to SQL), so they must not be in the text either. */
            private static String clean(String value) {
                return value.indexOf(FIELD_END) < 0 && value.indexOf(RECORD_END) < 0 ? value
                        : value.replace((char) FIELD_END, ' ').replace((char) RECORD_END, ' ');
            }

            private void seal() {
                if (count == 0) {
                    return;
                }
                for (int k = 0; k < length; k++) {
                    frequencies[text[k] & 0xff]++;
                }
                // little-endian, so the lowest byte of a long read is the first in the text
                ByteBuffer packed = ByteBuffer.allocateDirect(length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                packed.put(text, 0, length).flip();
                IntBuffer recordEnds = ByteBuffer.allocateDirect(4 * count).order(java.nio.ByteOrder.nativeOrder())
                        .asIntBuffer().put(ends, 0, count).flip();
                LongBuffer recordIds = ByteBuffer.allocateDirect(8 * count).order(java.nio.ByteOrder.nativeOrder())
                        .asLongBuffer().put(ids, 0, count).flip();
                segments.add(new Segment(packed, recordEnds, recordIds));
                length = 0;
                count = 0;
            }

            Snapshot finish(long highWaterMark, long builtAt) {
                seal();
                text = null;
                return new Snapshot(List.copyOf(segments), frequencies, highWaterMark, records, builtAt);
            }
        }
    }
}
