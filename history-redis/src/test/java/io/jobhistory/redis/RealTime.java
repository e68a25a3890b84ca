package io.jobhistory.redis;

import io.jobhistory.testkit.MutableClock;
import java.time.Duration;

/** Redis expires keys on its own clock: letting time pass means waiting. */
final class RealTime {

    private RealTime() {
    }

    static void elapse(MutableClock clock, Duration duration) {
        clock.advance(duration);
        sleep(duration);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
