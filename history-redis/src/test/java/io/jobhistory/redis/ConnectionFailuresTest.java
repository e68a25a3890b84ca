package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

@DisplayName("Which client failures are a broken connection, and what their real cause is")
class ConnectionFailuresTest {

    /** What Jedis throws for a connection the server closed: the next read finds the end of the stream. */
    private static JedisConnectionException closedByServer() {
        return new JedisConnectionException("Unexpected end of stream.");
    }

    /** What Jedis throws for a refused connect: the JDK's exception only suppressed. */
    private static JedisConnectionException refused() {
        JedisConnectionException e = new JedisConnectionException("Failed to connect to 127.0.0.1:6379.");
        e.addSuppressed(new ConnectException("Connection refused"));
        return e;
    }

    @Test
    @DisplayName("a connection closed or reset by the server is broken: retried at once")
    void closedOrReset() {
        assertThat(ConnectionFailures.isBrokenConnection(closedByServer())).isTrue();
        assertThat(ConnectionFailures.isBrokenConnection(
                new JedisConnectionException(new SocketException("Connection reset")))).isTrue();
        assertThat(ConnectionFailures.isBrokenConnection(
                new IllegalStateException(closedByServer()))).as("a pipeline's wrapper").isTrue();
        JedisClusterOperationException summary = new JedisClusterOperationException("No more cluster attempts left.");
        summary.addSuppressed(closedByServer());
        assertThat(ConnectionFailures.isBrokenConnection(summary)).as("a cluster client's summary").isTrue();
    }

    @Test
    @DisplayName("a timeout, a refused connect, an empty pool or a server's reply is not: a retry would only wait again")
    void notBroken() {
        assertThat(ConnectionFailures.isBrokenConnection(refused())).isFalse();
        assertThat(ConnectionFailures.isBrokenConnection(
                new JedisConnectionException(new SocketTimeoutException("Read timed out")))).isFalse();
        assertThat(ConnectionFailures.isBrokenConnection(new JedisException("Could not get a resource from the pool",
                new java.util.NoSuchElementException("Timeout waiting for idle object")))).isFalse();
        assertThat(ConnectionFailures.isBrokenConnection(new JedisDataException("LOADING"))).isFalse();
    }

    @Test
    @DisplayName("a retry layer's summary gives way to the last attempt's error, which names the socket error")
    void realCause() {
        JedisConnectionException last = refused();
        JedisClusterOperationException summary = new JedisClusterOperationException("No more cluster attempts left.");
        summary.addSuppressed(last);
        assertThat(ConnectionFailures.realCause(summary)).isSameAs(last);
        assertThat(ConnectionFailures.realCause(last)).as("a connection error is itself the cause").isSameAs(last);
        assertThat(ConnectionFailures.describe(last)).isEqualTo(
                "redis.clients.jedis.exceptions.JedisConnectionException: Failed to connect to 127.0.0.1:6379. "
                        + "(java.net.ConnectException: Connection refused)");
    }
}
