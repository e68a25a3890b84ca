package io.jobhistory.dbscheduler;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded waits on conditions: a test waits until something holds, and fails (saying what) if it never does. */
final class Await {

    /** Far longer than any condition here needs (they hold within about a second), short enough to fail fast. */
    static final Duration AT_MOST = Duration.ofSeconds(20);

    private Await() {
    }

    static void until(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + AT_MOST + " waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
