package io.jobhistory.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis deployments the Redis-specific tests run against: the embedded Redis 6.2 (a server and a 3-shard cluster)
 * and Debian's Redis 7 (a server and a cluster of 3 masters with a replica each; skipped when not installed).
 */
enum Topology {
    STANDALONE, CLUSTER, STANDALONE_7, CLUSTER_7;

    UnifiedJedis client() {
        return switch (this) {
            case STANDALONE -> TestRedis.standalone();
            case CLUSTER -> TestRedis.cluster();
            case STANDALONE_7 -> SystemRedis.standalone();
            case CLUSTER_7 -> SystemRedis.cluster();
        };
    }

    boolean isCluster() {
        return this == CLUSTER || this == CLUSTER_7;
    }

    /** A second, independent client of the same deployment, as another process would have. */
    UnifiedJedis newClient() {
        return switch (this) {
            case STANDALONE -> TestRedis.client(TestRedis.standalonePort());
            case CLUSTER -> TestRedis.clusterClient(TestRedis.clusterPorts().get(0));
            case STANDALONE_7 -> TestRedis.client(SystemRedis.standalonePort());
            case CLUSTER_7 -> TestRedis.clusterClient(SystemRedis.clusterMasterPorts().get(0));
        };
    }

    /** Ports of every server (every master of a cluster). */
    List<Integer> serverPorts() {
        return switch (this) {
            case STANDALONE -> List.of(TestRedis.standalonePort());
            case CLUSTER -> new ArrayList<>(TestRedis.clusterPorts());
            case STANDALONE_7 -> List.of(SystemRedis.standalonePort());
            case CLUSTER_7 -> SystemRedis.clusterMasterPorts();
        };
    }

    /** Runs {@code action} on a direct connection to every server (every master of the cluster). */
    void onEachServer(Consumer<UnifiedJedis> action) {
        for (int port : serverPorts()) {
            try (UnifiedJedis node = TestRedis.client(port)) {
                action.accept(node);
            }
        }
    }
}
