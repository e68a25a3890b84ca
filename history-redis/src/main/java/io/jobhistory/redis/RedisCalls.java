package io.jobhistory.redis;

import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Runs the registry's operations against Redis: a key of the wrong type comes out as {@link WrongTypeException} (not
 * a failure: the caller skips it); every other exception of the client is counted, logged once per outage
 * ({@link FailureLog}) and thrown as {@link RedisHistoryException}.
 */
final class RedisCalls {

    /** Pause before the one retry of a transient cluster failure. */
    private static final long RETRY_PAUSE_MILLIS = 100;

    private final boolean cluster;
    private final FailureLog failures = new FailureLog();

    RedisCalls(boolean cluster) {
        this.cluster = cluster;
    }

    /**
     * Runs one operation. On a cluster a transient failure (MOVED/ASK the client could not follow, CLUSTERDOWN,
     * TRYAGAIN, LOADING during a failover) is retried once after a short pause: every operation is idempotent, so a
     * second run is safe.
     */
    <T> T call(String operation, Supplier<T> action) {
        T result;
        try {
            try {
                result = action.get();
            } catch (WrongTypeException e) {
                throw e;
            } catch (RuntimeException e) {
                // connection failures were already retried by the cluster client, within its own time budget
                if (!cluster || !(e instanceof JedisDataException) || !RedisHistoryException.isTransient(e)) {
                    throw e;
                }
                pause();
                result = action.get();
            }
        } catch (WrongTypeException e) {
            failures.succeeded();
            throw e;
        } catch (RuntimeException e) {
            RedisHistoryException failure = new RedisHistoryException(
                    "Redis execution history: " + operation + " failed: " + e.getMessage(), e);
            failures.failed(operation, failure);
            throw failure;
        }
        failures.succeeded();
        return result;
    }

    /** How many calls have failed. */
    long failureCount() {
        return failures.count();
    }

    /** How many outages were logged at WARN (one each). */
    long outageCount() {
        return failures.outages();
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
