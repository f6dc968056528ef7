package app.recap.subscriber;

import org.springframework.context.ApplicationContext;

/** Lets tests and benchmarks outside this package see the substring search's in-memory copy. */
public final class SearchIndexAccess {

    private SearchIndexAccess() {
    }

    /** Whether the copy is built and in use. */
    public static boolean ready(ApplicationContext context) {
        return context.getBean(SubscriberSearchIndex.class).ready();
    }

    /** Bytes the copy holds off the heap. */
    public static long bytes(ApplicationContext context) {
        return context.getBean(SubscriberSearchIndex.class).bytes();
    }
}
