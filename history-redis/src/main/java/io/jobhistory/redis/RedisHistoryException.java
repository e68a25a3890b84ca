package io.jobhistory.redis;

import io.jobhistory.StoreException;

import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * A Redis call of the registry failed: Redis could not be reached in time, or refused or failed a command. Thrown
 * promptly, within the client's timeouts, and counted once in the registry's {@code failureCount()}; the recorder in
 * {@code history-api} logs it and lets the job go on.
 *
 * <p>{@link #isTransient()} is true when the failure is expected to pass by itself (write-behind retries it): the
 * connection was refused, reset or timed out, or the server answered {@code CLUSTERDOWN}, {@code MOVED}/{@code ASK}
 * during a failover or resharding, {@code LOADING}, {@code TRYAGAIN}, {@code MASTERDOWN}, {@code BUSY} or
 * {@code READONLY}; false for failures that need someone to act: {@code NOPERM}, {@code WRONGTYPE}, out of memory, a
 * refused script.
 */
public class RedisHistoryException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** Error codes a Redis server answers while it or its cluster is changing; the same call may succeed later. */
    private static final String[] TRANSIENT_CODES = {
            "CLUSTERDOWN", "TRYAGAIN", "LOADING", "MASTERDOWN", "BUSY", "READONLY", "MOVED", "ASK", "NOREPLICAS"};

    RedisHistoryException(String message, Throwable cause) {
        super(message, cause, isTransient(cause));
    }

    RedisHistoryException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause, transientFailure);
    }

    static boolean isTransient(Throwable e) {
        if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException
                || e instanceof JedisRedirectionException) {
            return true;
        }
        if (e instanceof JedisDataException) {
            String message = String.valueOf(e.getMessage());
            for (String code : TRANSIENT_CODES) {
                if (message.startsWith(code + " ") || message.equals(code)) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof JedisException) {
            // not a server reply: a pool with no connection to give, a retry layer out of attempts or time
            return true;
        }
        // Jedis pipelines fail with these when a node's connection broke mid-way.
        return e instanceof IllegalStateException && e.getCause() instanceof JedisConnectionException;
    }

    /** Whether {@code e} is the server's WRONGTYPE reply (a key holding another Redis type), and nothing else. */
    static boolean isWrongType(Throwable e) {
        return e instanceof JedisDataException && String.valueOf(e.getMessage()).startsWith("WRONGTYPE");
    }
}
