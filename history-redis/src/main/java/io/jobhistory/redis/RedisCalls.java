package io.jobhistory.redis;

import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Runs the registry's operations against Redis: a key of the wrong type comes out as {@link WrongTypeException} (not
 * a failure: the caller skips it); every other exception of the client is counted, logged once per outage
 * ({@link FailureLog}) and thrown as {@link RedisHistoryException} whose cause is the real failure (the socket error,
 * not a retry layer's summary of it).
 *
 * <p>Two failures are retried once, each within the client's timeouts. A connection that broke without a timeout
 * ({@link ConnectionFailures#isBrokenConnection}), as every pooled connection left from before a server restart does:
 * the retry runs at once, after the idle connections of a client this registry created are dropped, so it gets a
 * fresh one ({@code docs/redis.md#after-a-server-restart}). And on a cluster a transient reply (MOVED/ASK the client
 * could not follow, CLUSTERDOWN, TRYAGAIN, LOADING during a failover), after a short pause. A retried operation may
 * already have run once on the server; the operations retried are idempotent, so it changes nothing (deleting one run
 * is retried too: its second run deletes nothing more, and answers false).
 */
final class RedisCalls {

    /** Pause before the one retry of a transient cluster failure. */
    private static final long RETRY_PAUSE_MILLIS = 100;

    private final boolean cluster;
    private final Runnable dropIdleConnections;
    private final FailureLog failures = new FailureLog();

    /**
     * @param dropIdleConnections closes the idle pooled connections of a client the registry created; does nothing for
     *                            an application's own client, which is used as given
     */
    RedisCalls(boolean cluster, Runnable dropIdleConnections) {
        this.cluster = cluster;
        this.dropIdleConnections = dropIdleConnections;
    }

    /** Runs an idempotent operation, retried once as the class comment says. */
    <T> T call(String operation, Supplier<T> action) {
        return call(operation, action, action);
    }

    /** Runs an idempotent operation; a retry runs {@code retry}, which must have the same outcome as {@code action}. */
    <T> T call(String operation, Supplier<T> action, Supplier<T> retry) {
        return run(operation, action, retry, true);
    }

    /**
     * Runs an operation that is not retried on a broken connection: its reply would differ on a second run if the
     * first had reached the server (how many runs a delete removed). The idle connections of a client the registry
     * created are still dropped, so the next call gets a fresh one.
     */
    <T> T callOnce(String operation, Supplier<T> action) {
        return run(operation, action, action, false);
    }

    private <T> T run(String operation, Supplier<T> action, Supplier<T> retry, boolean retryBroken) {
        T result;
        try {
            try {
                result = action.get();
            } catch (WrongTypeException e) {
                throw e;
            } catch (RuntimeException e) {
                if (ConnectionFailures.isBrokenConnection(e)) {
                    dropIdleConnections.run();
                    if (!retryBroken) {
                        throw e;
                    }
                } else if (cluster && e instanceof JedisDataException && RedisHistoryException.isTransient(e)) {
                    pause();
                } else {
                    throw e;
                }
                try {
                    result = retry.get();
                } catch (RuntimeException again) {
                    if (again != e) {
                        again.addSuppressed(e); // the first attempt's failure stays in the chain
                    }
                    throw again;
                }
            }
        } catch (WrongTypeException e) {
            failures.succeeded();
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = ConnectionFailures.realCause(e);
            RedisHistoryException failure = new RedisHistoryException("Redis execution history: " + operation
                    + " failed: " + ConnectionFailures.describe(cause), cause, RedisHistoryException.isTransient(e));
            if (cause != e) {
                failure.addSuppressed(e);
            }
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

    /** The WARN line that opened the last outage; for tests. */
    String lastOutageLine() {
        return failures.lastOutageLine();
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
