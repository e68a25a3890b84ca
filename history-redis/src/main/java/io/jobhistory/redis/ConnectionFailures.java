package io.jobhistory.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What a client's exception says about the connection it failed on. Jedis reports a socket error as a
 * {@link JedisConnectionException}, with the JDK's exception as its cause or (for a refused connect) suppressed; its
 * retry layers wrap it in a {@link JedisException} of their own ({@code "No more cluster attempts left."},
 * {@code "Retry deadline exceeded."}) that keeps it only as a suppressed exception, or not at all.
 */
final class ConnectionFailures {

    /** How deep the causes and suppressed exceptions of one failure are followed. */
    private static final int MAX_DEPTH = 8;

    private ConnectionFailures() {
    }

    /**
     * Whether {@code e} is a connection that broke without a timeout and without a refused connect: a socket the
     * server closed or reset, as every pooled connection left from before a server restart does at its next use. Such
     * a failure happens at once, so one retry on a fresh connection stays within the client's timeouts; a timeout, a
     * refused or unroutable connect, or a pool with no connection to give is not one (a retry would only wait again).
     */
    static boolean isBrokenConnection(Throwable e) {
        boolean connection = false;
        for (Throwable t : all(e)) {
            if (t instanceof SocketTimeoutException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof java.util.NoSuchElementException) {
                return false;
            }
            connection |= t instanceof JedisConnectionException;
        }
        return connection;
    }

    /**
     * The exception that says what went wrong: {@code e} itself, unless it is a retry layer's summary without a cause,
     * whose last suppressed exception (the last attempt's failure, a {@link JedisConnectionException}) is then the real
     * one. A {@link JedisConnectionException} is kept as it is, with the JDK's socket exception inside it.
     */
    static Throwable realCause(Throwable e) {
        if (e instanceof JedisException && !(e instanceof JedisConnectionException) && e.getCause() == null
                && e.getSuppressed().length > 0) {
            Throwable[] suppressed = e.getSuppressed();
            return suppressed[suppressed.length - 1];
        }
        return e;
    }

    /**
     * {@code e} as one line naming the socket error underneath, e.g. {@code JedisConnectionException: Failed to
     * connect to 127.0.0.1:6379. (java.net.ConnectException: Connection refused)}.
     */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(e.toString());
        Throwable inner = firstInner(e);
        for (int depth = 0; inner != null && depth < MAX_DEPTH; depth++, inner = firstInner(inner)) {
            if (out.indexOf(inner.toString()) < 0) { // a wrapper made of its cause already names it
                out.append(" (").append(inner).append(')');
            }
        }
        return out.toString();
    }

    /** The cause, or else the last suppressed exception; null if there is neither. */
    private static Throwable firstInner(Throwable e) {
        if (e.getCause() != null && e.getCause() != e) {
            return e.getCause();
        }
        Throwable[] suppressed = e.getSuppressed();
        return suppressed.length == 0 ? null : suppressed[suppressed.length - 1];
    }

    /** {@code e}, its causes and its suppressed exceptions, each once. */
    private static Set<Throwable> all(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && seen.size() < 4 * MAX_DEPTH) {
            Throwable t = todo.poll();
            if (seen.add(t)) {
                if (t.getCause() != null) {
                    todo.add(t.getCause());
                }
                Collections.addAll(todo, t.getSuppressed());
            }
        }
        return seen;
    }
}
