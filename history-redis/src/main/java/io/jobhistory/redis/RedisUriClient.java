package io.jobhistory.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The client {@link RedisExecutionHistoryRegistry#create(String)} creates: a pooled {@link UnifiedJedis} for one server with
 * bounded timeouts, so a Redis that is down or slow fails a call within about {@link #CALL_BOUND}. A command is sent
 * once by the client (no retry layer that would hide the socket error); the registry retries a call once when its
 * connection broke, after dropping the pool's idle connections, so the first call after a server restart succeeds
 * ({@code docs/redis.md#after-a-server-restart}).
 */
public final class RedisUriClient {

    /** Time to open a TCP connection: {@value}. */
    public static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Time to wait for a reply: {@value}. */
    public static final int SOCKET_TIMEOUT_MILLIS = 2_000;
    /** Time to wait for a free pooled connection: {@value}. */
    public static final int BORROW_TIMEOUT_MILLIS = 2_000;
    /** Connections in the pool at most: {@value}. */
    public static final int MAX_CONNECTIONS = 16;
    /**
     * The longest one registry call usually takes against a slow server: borrow, connect and one reply, plus a second
     * reply when the server lost the script cache: 8 s. A new connection's handshake (AUTH, SELECT) adds up to one
     * socket timeout per command it sends, and a history read that must continue makes a second call. When Redis is
     * down (connection refused) a call fails within milliseconds.
     */
    public static final Duration CALL_BOUND = Duration.ofMillis(
            BORROW_TIMEOUT_MILLIS + CONNECT_TIMEOUT_MILLIS + 2L * SOCKET_TIMEOUT_MILLIS);

    private final URI uri;

    private RedisUriClient(URI uri) {
        this.uri = uri;
    }

    static RedisUriClient parse(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri must not be null");
        URI uri;
        try {
            uri = URI.create(redisUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("redisUri '" + redisUri + "' is not a URI", e);
        }
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("redisUri '" + redisUri
                    + "' is not a Redis URI such as redis://user:password@host:6379/0 or rediss://host:6380");
        }
        return new RedisUriClient(uri);
    }

    UnifiedJedis create() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setMaxWait(Duration.ofMillis(BORROW_TIMEOUT_MILLIS));
        pool.setBlockWhenExhausted(true);
        // built from parts every Jedis from 6.0 to 8.x has (RedisClient is 7.1+, JedisPooled is gone in 8)
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                .build();
        return new PooledClient(new PooledConnectionProvider(JedisURIHelper.getHostAndPort(uri), config, pool));
    }

    /** What drops the idle connections of {@code jedis}'s pool, if {@link #create()} made it; else nothing. */
    static Runnable dropIdleConnections(UnifiedJedis jedis) {
        return jedis instanceof PooledClient pooled ? pooled::dropIdleConnections : () -> { };
    }

    /**
     * A {@link UnifiedJedis} that sends each command once ({@code DefaultCommandExecutor}), so its exception is the
     * socket error itself, through the one constructor every Jedis from 6.0 to 8.x has for that.
     */
    static final class PooledClient extends UnifiedJedis {
        private final PooledConnectionProvider pooled;

        PooledClient(PooledConnectionProvider provider) {
            super(provider, (RedisProtocol) null);
            this.pooled = provider;
        }

        /**
         * Closes the pool's idle connections (those borrowed are invalidated when they fail), so the next borrow
         * opens a new one.
         */
        void dropIdleConnections() {
            try {
                pooled.getPool().clear();
            } catch (RuntimeException e) {
                // best effort: a connection that fails again is dropped by its own failure
            }
        }
    }
}
