package app.recap.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time the JIT compiler threads use, read from Linux's per-thread scheduler statistics
 * ({@code /proc/self/task/<tid>/schedstat}, nanoseconds on a core). The JVM's own compilation time counts wall time
 * per compilation, which on a busy 2-core machine includes the time a compiler thread waited for a core; this is
 * what the benchmarks' CPU figures actually contain.
 * <p>
 * The JVM starts and stops compiler threads as its queues grow and drain (with C1 only it runs two C1 threads on
 * 2 cores, the second only while busy), so an interval is measured thread by thread: a thread started since the
 * first snapshot counts from zero, and the CPU of one that ended before the second is lost, which makes the figure
 * a lower bound, never a negative one.
 */
public final class CompilerThreads {

    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerThreads() {
    }

    /** The compiler threads' CPU so far, by thread id; empty where there is no {@code /proc}. */
    public static Snapshot snapshot() {
        Map<String, Long> nanos = new HashMap<>();
        if (Files.isDirectory(TASKS)) {
            try (Stream<Path> tasks = Files.list(TASKS)) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    long used = compilerNanos(task);
                    if (used >= 0) {
                        nanos.put(task.getFileName().toString(), used);
                    }
                }
            } catch (IOException e) {
                return new Snapshot(Map.of());
            }
        }
        return new Snapshot(Map.copyOf(nanos));
    }

    /** -1 for a thread that is not a compiler thread or ended while being read. */
    private static long compilerNanos(Path task) {
        try {
            // the kernel cuts thread names at 15 characters: "C2 CompilerThre"
            String name = Files.readString(task.resolve("comm")).strip();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return -1;
            }
            String schedstat = Files.readString(task.resolve("schedstat"));
            return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The compiler threads' CPU at one moment, by thread id. */
    public record Snapshot(Map<String, Long> nanosByThread) {

        /** CPU milliseconds the compiler threads alive at {@code later} used since this snapshot. */
        public long millisUntil(Snapshot later) {
            long nanos = 0;
            for (Map.Entry<String, Long> thread : later.nanosByThread.entrySet()) {
                long before = nanosByThread.getOrDefault(thread.getKey(), 0L);
                // a thread id the kernel reused for a new compiler thread reads less than the old one did
                nanos += thread.getValue() >= before ? thread.getValue() - before : thread.getValue();
            }
            return nanos / 1_000_000;
        }

        /** CPU milliseconds of the compiler threads alive now since the JVM started them. */
        public long totalMillis() {
            return new Snapshot(Map.of()).millisUntil(this);
        }
    }
}
