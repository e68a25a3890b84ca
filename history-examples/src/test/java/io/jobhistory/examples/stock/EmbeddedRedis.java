package io.jobhistory.examples.stock;

import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** One embedded {@code redis-server} per test JVM on a free port, started on first use, stopped at JVM exit. */
final class EmbeddedRedis {

    private static RedisServer server;
    private static int port;
    private static RedisClient client;

    private EmbeddedRedis() {
    }

    /** The server's URL, such as {@code redis://127.0.0.1:41234}. */
    static synchronized String url() {
        if (server == null) {
            port = freePort();
            try {
                server = RedisServer.newRedisServer().port(port)
                        .setting("bind 127.0.0.1").setting("save \"\"").setting("appendonly no")
                        .build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (IOException e) {
                    // exiting anyway
                }
            }));
        }
        return "redis://127.0.0.1:" + port;
    }

    /** A client of the server, shared by the tests. */
    static synchronized RedisClient client() {
        if (client == null) {
            client = RedisClient.create(url());
        }
        return client;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
