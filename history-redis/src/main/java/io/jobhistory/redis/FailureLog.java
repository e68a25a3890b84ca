package io.jobhistory.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed Redis calls and logs them without flooding: the first failure of an outage at WARN, the rest at DEBUG,
 * and the recovery at INFO.
 */
final class FailureLog {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);

    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();

    void failed(String operation, RuntimeException e) {
        long total = failures.incrementAndGet();
        if (failing.compareAndSet(false, true)) {
            log.warn("Redis execution history unavailable: {} failed ({}); further failures are logged at DEBUG "
                    + "until a call succeeds again", operation, e.toString());
        } else {
            log.debug("Redis execution history: {} failed ({} failures so far)", operation, total, e);
        }
    }

    void succeeded() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            log.info("Redis execution history reachable again ({} failed calls in total)", failures.get());
        }
    }

    long count() {
        return failures.get();
    }
}
