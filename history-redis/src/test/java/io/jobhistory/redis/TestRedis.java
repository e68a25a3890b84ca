package io.jobhistory.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.embedded.RedisServer;
import redis.embedded.RedisShardedCluster;

/**
 * One real standalone {@code redis-server} and one 3-shard Redis Cluster per test JVM, started on first use on free
 * ports and stopped when the JVM exits; plus the server of {@code REDIS_URL} when that is set.
 */
final class TestRedis {

    private static RedisServer server;
    private static int serverPort;
    private static UnifiedJedis serverClient;
    private static RedisShardedCluster cluster;
    private static UnifiedJedis clusterClient;
    private static UnifiedJedis urlClient;

    private TestRedis() {
    }

    /** A client of the shared standalone server. */
    static synchronized UnifiedJedis standalone() {
        if (server == null) {
            serverPort = freePort();
            server = startServer(serverPort);
            serverClient = client(serverPort);
        }
        return serverClient;
    }

    /** A client of the shared 3-shard cluster. */
    static synchronized UnifiedJedis cluster() {
        if (cluster == null) {
            try {
                cluster = RedisShardedCluster.newRedisCluster()
                        .shard("a", 0).shard("b", 0).shard("c", 0)
                        .ephemeral()
                        .initializationTimeout(Duration.ofSeconds(30))
                        .build();
                cluster.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stopCluster));
            awaitClusterOk(cluster.serverPorts());
            clusterClient = clusterClient(cluster.serverPorts().get(0));
        }
        return clusterClient;
    }

    /** Ports of the shared cluster's nodes. */
    static synchronized java.util.List<Integer> clusterPorts() {
        cluster();
        return cluster.serverPorts();
    }

    /** Port of the shared standalone server. */
    static synchronized int standalonePort() {
        standalone();
        return serverPort;
    }

    /** A client of the server at {@code REDIS_URL}. */
    static synchronized UnifiedJedis url() {
        if (urlClient == null) {
            urlClient = new UnifiedJedis(java.net.URI.create(System.getenv("REDIS_URL")));
        }
        return urlClient;
    }

    /** Starts a standalone server on {@code port} that persists nothing; it is stopped when the JVM exits. */
    static RedisServer startServer(int port) {
        try {
            RedisServer started = RedisServer.newRedisServer()
                    .port(port)
                    .setting("bind 127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(started)));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A pooled client of the server on {@code port}, built from parts every Jedis from 6.0 to 8.x has (the tests also
     * run on Jedis 7.0 and 8.0: {@code RedisClient} is 7.1+, {@code JedisPooled} is gone in 8).
     */
    static UnifiedJedis client(int port) {
        return new UnifiedJedis(new PooledConnectionProvider(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(2_000).socketTimeoutMillis(5_000).build()),
                1, Duration.ZERO);
    }

    /** A cluster client that finds the nodes from the one on {@code port}. */
    static UnifiedJedis clusterClient(int port) {
        return new JedisCluster(Set.of(new HostAndPort("127.0.0.1", port)),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(1_000).socketTimeoutMillis(2_000).build());
    }

    /**
     * Waits until every node reports {@code cluster_state:ok}: a freshly created cluster answers CLUSTERDOWN for a
     * moment after its slots are assigned, until the nodes have agreed on the configuration.
     */
    static void awaitClusterOk(java.util.List<Integer> ports) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int port : ports) {
            try (redis.clients.jedis.Jedis node = new redis.clients.jedis.Jedis("127.0.0.1", port)) {
                while (!node.clusterInfo().contains("cluster_state:ok")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("cluster node " + port + " is not ok: " + node.clusterInfo());
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port < 55_000) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port below 55000");
    }

    static void stopQuietly(RedisServer s) {
        try {
            if (s.isActive()) {
                s.stop();
            }
        } catch (IOException | RuntimeException ignored) {
            // the JVM is exiting anyway
        }
    }

    private static void stopCluster() {
        try {
            cluster.stop();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is exiting anyway
        }
    }
}
