package io.jobhistory.spring.boot;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something the scheduler will do, failing with a message if it never happens. */
public final class Waits {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Waits() {
    }

    /** Polls {@code condition} until it holds; fails after a generous bound, naming {@code what}. */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
