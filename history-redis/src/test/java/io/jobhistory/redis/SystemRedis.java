package io.jobhistory.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis users run: Debian's {@code /usr/bin/redis-server} (7.0), started by the tests on free ports of 127.0.0.1
 * in a temporary directory: one shared standalone server and one shared cluster of 3 masters with one replica each,
 * stopped when the JVM exits, plus {@link #newCluster()} for tests that break a cluster. Tests using it skip with one
 * line when the package is not installed.
 */
final class SystemRedis {

    static final Path SERVER = Path.of("/usr/bin/redis-server");
    static final Path CLI = Path.of("/usr/bin/redis-cli");

    private static Node standalone;
    private static UnifiedJedis standaloneClient;
    private static Cluster cluster;
    private static UnifiedJedis clusterClient;

    private SystemRedis() {
    }

    /** Skips the calling test, with one line saying why, when Debian's redis-server is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(SERVER) && Files.isExecutable(CLI),
                "Redis 7 tests skipped: " + SERVER + " or " + CLI + " is missing (apt-get install redis-server)");
    }

    static synchronized UnifiedJedis standalone() {
        assumeInstalled();
        if (standalone == null) {
            standalone = Node.start(TestRedis.freePort(), false);
            standaloneClient = TestRedis.client(standalone.port);
        }
        return standaloneClient;
    }

    static synchronized int standalonePort() {
        standalone();
        return standalone.port;
    }

    static synchronized UnifiedJedis cluster() {
        assumeInstalled();
        if (cluster == null) {
            cluster = newCluster();
            clusterClient = TestRedis.clusterClient(cluster.nodes.get(0).port);
        }
        return clusterClient;
    }

    /** Ports of the shared cluster's masters. */
    static synchronized List<Integer> clusterMasterPorts() {
        cluster();
        return cluster.masterPorts();
    }

    /** A new cluster of 3 masters and 3 replicas, for a test that kills nodes; {@link Cluster#close()} stops it. */
    static Cluster newCluster() {
        assumeInstalled();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(Node.start(TestRedis.freePort(), true));
        }
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
        nodes.forEach(n -> command.add("127.0.0.1:" + n.port));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        run(command);
        Cluster created = new Cluster(nodes);
        created.awaitHealthy();
        return created;
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One redis-server process. */
    static final class Node {
        final int port;
        final Path dir;
        private final Process process;

        private Node(int port, Path dir, Process process) {
            this.port = port;
            this.dir = dir;
            this.process = process;
        }

        static Node start(int port, boolean clustered) {
            try {
                Path dir = Files.createTempDirectory("jobhistory-redis-" + port + "-");
                List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                        "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
                if (clustered) {
                    command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", "2000"));
                }
                Process process = new ProcessBuilder(command).redirectOutput(new File("/dev/null"))
                        .redirectErrorStream(true).start();
                Node node = new Node(port, dir, process);
                Runtime.getRuntime().addShutdownHook(new Thread(node::kill));
                node.awaitPing();
                return node;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void awaitPing() {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                    jedis.ping();
                    return;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        throw new IllegalStateException("redis-server on port " + port + " did not start", e);
                    }
                    RealTime.sleep(Duration.ofMillis(20));
                }
            }
        }

        Jedis connect() {
            return new Jedis("127.0.0.1", port);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Kills the server at once (SIGKILL), as a crash would, and removes its directory. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // a temporary directory
            }
        }
    }

    /** A running cluster of 3 masters with one replica each. */
    static final class Cluster implements AutoCloseable {
        final List<Node> nodes;

        Cluster(List<Node> nodes) {
            this.nodes = nodes;
        }

        List<Node> alive() {
            return nodes.stream().filter(Node::isAlive).toList();
        }

        List<Integer> masterPorts() {
            return alive().stream().filter(n -> role(n).equals("master")).map(n -> n.port).toList();
        }

        Node node(int port) {
            return nodes.stream().filter(n -> n.port == port).findFirst().orElseThrow();
        }

        static String role(Node node) {
            try (Jedis jedis = node.connect()) {
                return (String) jedis.role().get(0);
            }
        }

        /** A replica of the master on {@code masterPort}. */
        Node replicaOf(int masterPort) {
            for (Node n : alive()) {
                try (Jedis jedis = n.connect()) {
                    List<Object> role = jedis.role();
                    if (role.get(0).equals("slave") && ((Number) role.get(2)).intValue() == masterPort) {
                        return n;
                    }
                }
            }
            throw new IllegalStateException("no replica of " + masterPort);
        }

        /**
         * Waits until every live node reports {@code cluster_state:ok}, there are 3 masters and every master has a
         * replica in sync (so a failover loses nothing that was replicated).
         */
        void awaitHealthy() {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!healthy()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis 7 cluster did not become healthy");
                }
                RealTime.sleep(Duration.ofMillis(50));
            }
        }

        /** Waits until every live node reports {@code cluster_state:ok} with 3 masters. */
        void awaitOk() {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ok()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis 7 cluster did not become ok");
                }
                RealTime.sleep(Duration.ofMillis(20));
            }
        }

        private boolean ok() {
            try {
                for (Node n : alive()) {
                    try (Jedis jedis = n.connect()) {
                        if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                            return false;
                        }
                    }
                }
                return masterPorts().size() == 3;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private boolean healthy() {
            if (!ok()) {
                return false;
            }
            for (int master : masterPorts()) {
                try (Jedis jedis = node(master).connect()) {
                    String replication = jedis.info("replication");
                    if (!replication.contains("connected_slaves:1") || !replication.contains("state=online")) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public void close() {
            nodes.forEach(Node::kill);
        }
    }
}
