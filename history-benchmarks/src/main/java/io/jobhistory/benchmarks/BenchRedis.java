package io.jobhistory.benchmarks;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The Redis the benchmarks talk to: the server in {@code REDIS_URL}, or an embedded one on a free port. */
final class BenchRedis implements AutoCloseable {

    private final RedisServer embedded;
    private final RedisClient client;

    private BenchRedis(RedisServer embedded, RedisClient client) {
        this.embedded = embedded;
        this.client = client;
    }

    /** {@code REDIS_URL}'s server if set and {@code allowUrl}, else a fresh embedded server. */
    static BenchRedis start(boolean allowUrl) {
        String url = System.getenv("REDIS_URL");
        if (allowUrl && url != null && !url.isBlank()) {
            return new BenchRedis(null, RedisClient.create(url));
        }
        int port = freePort();
        try {
            RedisServer server = RedisServer.newRedisServer().port(port)
                    .setting("bind 127.0.0.1").setting("save \"\"").setting("appendonly no").build();
            server.start();
            RedisClient client = RedisClient.builder().hostAndPort("127.0.0.1", port)
                    .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(2_000)
                            .socketTimeoutMillis(5_000).build())
                    .build();
            return new BenchRedis(server, client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client both our registry and the raw baselines use, so client settings are the same. */
    RedisClient client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        client.close();
        if (embedded != null) {
            embedded.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
