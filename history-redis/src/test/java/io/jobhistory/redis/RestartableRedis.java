package io.jobhistory.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.embedded.core.ExecutableProvider;

/**
 * Redis servers that persist (append-only file) and can be stopped by SIGTERM and started again on the same port and
 * directory, as an operator restarts Redis: the embedded Redis 6.2 binary or Debian's {@code /usr/bin/redis-server},
 * alone or as a cluster of 3 masters. For the restart tests only; the shared fixtures persist nothing.
 */
final class RestartableRedis {

    private RestartableRedis() {
    }

    /** Which redis-server binary runs. */
    enum Binary {
        EMBEDDED_6_2, DEBIAN_7;

        /** Skips the calling test, with one line, when the binary is not installed. */
        void assumeAvailable() {
            if (this == DEBIAN_7) {
                SystemRedis.assumeInstalled();
            }
        }

        Path path() {
            if (this == DEBIAN_7) {
                return SystemRedis.SERVER;
            }
            try {
                return ExecutableProvider.newJarResourceProvider().get().toPath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One redis-server process with its own directory, which outlives restarts. */
    static final class Server implements AutoCloseable {
        final int port;
        private final Binary binary;
        private final boolean clustered;
        private final Path dir;
        private Process process;

        private Server(Binary binary, boolean clustered) {
            this.binary = binary;
            this.clustered = clustered;
            this.port = TestRedis.freePort();
            try {
                this.dir = Files.createTempDirectory("jobhistory-restart-" + port + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        }

        /** Starts a server with persistence on a free port, and waits until it answers PING. */
        static Server start(Binary binary, boolean clustered) {
            Server server = new Server(binary, clustered);
            server.start();
            return server;
        }

        /** Starts the process (again) on the same port and directory, and waits until it answers PING. */
        synchronized void start() {
            List<String> command = new ArrayList<>(List.of(binary.path().toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always",
                    "--save", "", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
            if (clustered) {
                // long enough that a restart never makes the others mark the node failed
                command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "30000"));
            }
            try {
                process = new ProcessBuilder(command).redirectOutput(new File("/dev/null")).redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitPing();
        }

        /** Stops the server as an init system does: SIGTERM, then waits for it to exit (it writes its files first). */
        synchronized void stop() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("redis-server on port " + port + " ignored SIGTERM");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        Jedis connect() {
            return new Jedis("127.0.0.1", port);
        }

        private void awaitPing() {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try (Jedis jedis = connect()) {
                    jedis.ping();
                    return;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        throw new IllegalStateException("redis-server on port " + port + " did not start; see "
                                + dir.resolve("redis.log"), e);
                    }
                    RealTime.sleep(Duration.ofMillis(10));
                }
            }
        }

        /** Waits until the node says {@code cluster_state:ok}: a restarted master refuses commands for about 2 s. */
        void awaitClusterOk() {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try (Jedis jedis = connect()) {
                    if (jedis.clusterInfo().contains("cluster_state:ok")) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster node " + port + " is not ok");
                }
                RealTime.sleep(Duration.ofMillis(10));
            }
        }

        @Override
        public synchronized void close() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // a temporary directory
            }
        }
    }

    /** A cluster of 3 masters without replicas, each holding a third of the slots. */
    static final class Cluster implements AutoCloseable {
        private static final int SLOTS = 16384;
        final List<Server> nodes = new ArrayList<>();

        Cluster(Binary binary) {
            for (int i = 0; i < 3; i++) {
                nodes.add(Server.start(binary, true));
            }
            for (int i = 0; i < 3; i++) {
                try (Jedis jedis = nodes.get(i).connect()) {
                    jedis.clusterAddSlots(IntStream.range(from(i), from(i + 1)).toArray());
                    if (i > 0) {
                        jedis.clusterMeet("127.0.0.1", nodes.get(0).port);
                    }
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (Server node : nodes) {
                try (Jedis jedis = node.connect()) {
                    while (!jedis.clusterInfo().contains("cluster_state:ok")
                            || !jedis.clusterInfo().contains("cluster_known_nodes:3")) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("cluster not ok: " + jedis.clusterInfo());
                        }
                        RealTime.sleep(Duration.ofMillis(20));
                    }
                }
            }
        }

        private static int from(int node) {
            return node * SLOTS / 3;
        }

        /** The node holding {@code key}. */
        Server nodeOf(String key) {
            int slot = JedisClusterCRC16.getSlot(key);
            for (int i = 0; i < 3; i++) {
                if (slot < from(i + 1)) {
                    return nodes.get(i);
                }
            }
            throw new IllegalStateException("slot " + slot);
        }

        @Override
        public void close() {
            nodes.forEach(Server::close);
        }
    }
}
