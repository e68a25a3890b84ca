package io.jobhistory.spring.boot;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** One real {@code redis-server} (the binary embedded-redis ships) per test JVM, on a free port, stopped at exit. */
final class EmbeddedRedis {

    private static int port;

    private EmbeddedRedis() {
    }

    static synchronized int port() {
        if (port == 0) {
            int free = freePort();
            try {
                RedisServer server = RedisServer.newRedisServer().port(free)
                        .setting("bind 127.0.0.1").setting("save \"\"").setting("appendonly no").build();
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.stop();
                    } catch (IOException | RuntimeException ignored) {
                        // the JVM is exiting anyway
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            port = free;
        }
        return port;
    }

    static String url() {
        return "redis://127.0.0.1:" + port();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
