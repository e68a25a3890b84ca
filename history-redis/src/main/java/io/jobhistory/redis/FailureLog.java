package io.jobhistory.redis;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed Redis calls and logs them without flooding: the first failure of an outage at WARN, the rest at DEBUG,
 * and the recovery at INFO. An outage ends with the first success at least {@link #QUIET_NANOS} after its last
 * failure, so a cluster where only some slots fail (successes and failures interleaved) is one outage, not one per
 * failure.
 */
final class FailureLog {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);
    /** 10 s without a failure before a success ends an outage. */
    static final long QUIET_NANOS = 10_000_000_000L;

    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private boolean outage;
    private long lastFailure;
    private volatile String lastOutageLine;

    void failed(String operation, RedisHistoryException e) {
        long total = failures.incrementAndGet();
        boolean first;
        synchronized (this) {
            first = !outage;
            outage = true;
            lastFailure = System.nanoTime();
        }
        if (first) {
            outages.incrementAndGet();
            String line = "Redis execution history unavailable: " + operation + " failed ("
                    + ConnectionFailures.describe(e.getCause() == null ? e : e.getCause())
                    + "); further failures are logged at DEBUG until calls succeed again";
            lastOutageLine = line;
            log.warn(line);
        } else if (log.isDebugEnabled()) {
            log.debug("Redis execution history: {} failed ({} failures so far)", operation, total, e);
        }
    }

    void succeeded() {
        boolean recovered = false;
        synchronized (this) {
            if (outage && System.nanoTime() - lastFailure >= QUIET_NANOS) {
                outage = false;
                recovered = true;
            }
        }
        if (recovered) {
            log.info("Redis execution history reachable again ({} failed calls in total)", failures.get());
        }
    }

    long count() {
        return failures.get();
    }

    /** The WARN line that opened the last outage, null before the first. */
    String lastOutageLine() {
        return lastOutageLine;
    }

    /** How many outages began, each logged with one WARN. */
    long outages() {
        return outages.get();
    }
}
