package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class DeliveryRangePartitionerTests {

    @ParameterizedTest
    @CsvSource({"1, 100, 4", "7, 7, 4", "1, 3, 8", "1000, 1000999, 7", "5, 104, 1"})
    void rangesCoverEveryPendingIdExactlyOnce(long min, long max, int grid) {
        Map<String, ExecutionContext> partitions = partitioner(new long[] {min, max}).partition(grid);

        assertThat(partitions.size()).isBetween(1, grid);
        List<long[]> ranges = new ArrayList<>();
        partitions.values().forEach(c -> ranges.add(new long[] {c.getLong(DeliveryRangePartitioner.MIN_ID),
                c.getLong(DeliveryRangePartitioner.MAX_ID)}));
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        assertThat(ranges.get(0)[0]).isEqualTo(min);
        assertThat(ranges.get(ranges.size() - 1)[1]).isEqualTo(max);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).as("no gap, no overlap").isEqualTo(ranges.get(i - 1)[1] + 1);
        }
        ranges.forEach(r -> assertThat(r[0]).isLessThanOrEqualTo(r[1]));
    }

    @Test
    void nothingPendingGivesOneEmptyPartition() {
        Map<String, ExecutionContext> partitions = partitioner(null).partition(4);

        assertThat(partitions).hasSize(1);
        ExecutionContext only = partitions.values().iterator().next();
        assertThat(only.getLong(DeliveryRangePartitioner.MIN_ID)).isGreaterThan(only.getLong(DeliveryRangePartitioner.MAX_ID));
    }

    private static DeliveryRangePartitioner partitioner(long[] range) {
        DeliveryRepository repository = new DeliveryRepository(null, null, null, null, null) {
            @Override
            long[] pendingIdRange(long editionId) {
                return range;
            }
        };
        return new DeliveryRangePartitioner(repository, 1);
    }
}
