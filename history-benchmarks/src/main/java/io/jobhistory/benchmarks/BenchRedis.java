package io.jobhistory.benchmarks;

import io.jobhistory.fixtures.EmbeddedRedis;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The Redis the benchmarks talk to: the server in {@code REDIS_URL}, or an embedded one on a free port. */
final class BenchRedis implements AutoCloseable {

    private final EmbeddedRedis embedded;
    private final RedisClient client;

    private BenchRedis(EmbeddedRedis embedded, RedisClient client) {
        this.embedded = embedded;
        this.client = client;
    }

    /** {@code REDIS_URL}'s server if set and {@code allowUrl}, else a fresh embedded server. */
    static BenchRedis start(boolean allowUrl) {
        String url = System.getenv("REDIS_URL");
        if (allowUrl && url != null && !url.isBlank()) {
            return new BenchRedis(null, RedisClient.create(url));
        }
        EmbeddedRedis server = EmbeddedRedis.start();
        RedisClient client = RedisClient.builder().hostAndPort("127.0.0.1", server.port())
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(2_000)
                        .socketTimeoutMillis(5_000).build())
                .build();
        return new BenchRedis(server, client);
    }

    /** The client both our registry and the raw baselines use, so client settings are the same. */
    RedisClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
