package app.recap.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits an edition's pending deliveries into contiguous id ranges of about equal width, one per partition.
 * Each partition sends its range over its own connection; a restart re-runs only unfinished partitions.
 */
public class DeliveryRangePartitioner implements Partitioner {

    static final String MIN_ID = "minDeliveryId";
    static final String MAX_ID = "maxDeliveryId";

    private final DeliveryRepository deliveries;
    private final long editionId;

    DeliveryRangePartitioner(DeliveryRepository deliveries, long editionId) {
        this.deliveries = deliveries;
        this.editionId = editionId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        long[] range = deliveries.pendingIdRange(editionId);
        if (range == null) {
            partitions.put("partition0", context(1, 0));
            return partitions;
        }
        long min = range[0];
        long max = range[1];
        long width = Math.max(1, (max - min + gridSize) / gridSize);
        int index = 0;
        for (long from = min; from <= max; from += width) {
            partitions.put("partition" + index++, context(from, Math.min(max, from + width - 1)));
        }
        return partitions;
    }

    private static ExecutionContext context(long min, long max) {
        ExecutionContext context = new ExecutionContext();
        context.putLong(MIN_ID, min);
        context.putLong(MAX_ID, max);
        return context;
    }
}
