package app.recap.delivery.send;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.recap.subscriber.DigestLength;

/**
 * Streams one partition's PENDING deliveries in id order, a window of ids at a time. Delivery ids of an
 * edition are dense (one insert per edition), so each window holds at most {@code window} rows and every query
 * is a short index range scan. Paging by LIMIT instead made the database read and sort every remaining row of
 * the partition for each page: quadratic in the list size. Keeps no position: a restart reads whatever is still
 * PENDING, which is exactly what is left to send.
 */
public class DeliveryWindowReader implements ItemReader<DeliveryItem> {

    private final JdbcClient jdbc;
    private final long editionId;
    private final long listId;
    private final long maxId;
    private final int window;
    private final Instant now;
    private final Deque<DeliveryItem> buffer = new ArrayDeque<>();
    private long nextId;

    public DeliveryWindowReader(JdbcClient jdbc, long editionId, long listId, long minId, long maxId, int window, Instant now) {
        this.jdbc = jdbc;
        this.editionId = editionId;
        this.listId = listId;
        this.nextId = minId;
        this.maxId = maxId;
        this.window = Math.max(1, window);
        this.now = now;
    }

    @Override
    public DeliveryItem read() {
        while (buffer.isEmpty() && nextId <= maxId) {
            long to = Math.min(maxId, nextId + window - 1);
            jdbc.sql("""
                    select d.id, d.subscriber_id, u.email, u.name, s.audience_key, s.digest_length
                    from delivery d
                    join subscriber u on u.id = d.subscriber_id
                    join subscription s on s.subscriber_id = d.subscriber_id and s.list_id = ?
                    where d.edition_id = ? and d.status = 'PENDING' and d.id between ? and ?
                      and (d.send_after is null or d.send_after <= ?)
                    order by d.id""")
                    .params(listId, editionId, nextId, to, now.atOffset(ZoneOffset.UTC))
                    .query((rs, n) -> new DeliveryItem(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), DigestLength.parse(rs.getString(6))))
                    .list().forEach(buffer::add);
            nextId = to + 1;
        }
        return buffer.poll();
    }
}
