package app.recap.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time the JIT compiler threads have used so far, read from Linux's per-thread scheduler statistics
 * ({@code /proc/self/task/<tid>/schedstat}, nanoseconds on a core). The JVM's own compilation time counts wall time
 * per compilation, which on a busy 2-core machine includes the time a compiler thread waited for a core; this is
 * what the benchmarks' CPU figures actually contain. A compiler thread that has exited is no longer counted: on
 * 2 cores the JVM keeps its one C1 and one C2 thread for its whole life. -1 where there is no {@code /proc}.
 */
public final class CompilerThreads {

    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerThreads() {
    }

    public static long cpuMillis() {
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        long nanos = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                nanos += compilerNanos(task);
            }
        } catch (IOException e) {
            return -1;
        }
        return nanos / 1_000_000;
    }

    private static long compilerNanos(Path task) {
        try {
            // the kernel cuts thread names at 15 characters: "C2 CompilerThre"
            String name = Files.readString(task.resolve("comm")).strip();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String schedstat = Files.readString(task.resolve("schedstat"));
            return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended while being read
        }
    }
}
