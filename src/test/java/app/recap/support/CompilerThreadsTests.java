package app.recap.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CompilerThreadsTests {

    @Test
    void anIntervalCountsEachThreadFromItsOwnStart() {
        CompilerThreads.Snapshot before = new CompilerThreads.Snapshot(Map.of("10", 5_000_000L, "11", 9_000_000L));
        // 10 used 3 ms more, 11 ended (its CPU is lost, not subtracted), 12 started and used 2 ms
        CompilerThreads.Snapshot after = new CompilerThreads.Snapshot(Map.of("10", 8_000_000L, "12", 2_000_000L));

        assertThat(before.millisUntil(after)).isEqualTo(5);
        assertThat(after.totalMillis()).isEqualTo(10);
    }

    @Test
    void aThreadIdReusedByANewThreadCountsTheNewThreadsCpu() {
        CompilerThreads.Snapshot before = new CompilerThreads.Snapshot(Map.of("10", 9_000_000L));
        CompilerThreads.Snapshot after = new CompilerThreads.Snapshot(Map.of("10", 4_000_000L));

        assertThat(before.millisUntil(after)).isEqualTo(4);
    }

    @Test
    void thisJvmsCompilerThreadsAreFoundAndTheirCpuOnlyGrows() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        CompilerThreads.Snapshot first = CompilerThreads.snapshot();
        CompilerThreads.Snapshot second = CompilerThreads.snapshot();

        assertThat(first.nanosByThread()).isNotEmpty();
        assertThat(first.millisUntil(second)).isNotNegative();
        assertThat(second.totalMillis()).isPositive();
    }
}
