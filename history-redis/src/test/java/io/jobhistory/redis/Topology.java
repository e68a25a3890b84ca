package io.jobhistory.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/** The Redis deployments the Redis-specific tests run against. */
enum Topology {
    STANDALONE, CLUSTER;

    UnifiedJedis client() {
        return this == STANDALONE ? TestRedis.standalone() : TestRedis.cluster();
    }

    /** A second, independent client of the same deployment, as another process would have. */
    UnifiedJedis newClient() {
        if (this == STANDALONE) {
            return TestRedis.client(TestRedis.standalonePort());
        }
        return TestRedis.clusterClient(TestRedis.clusterPorts().get(0));
    }

    /** Runs {@code action} on a direct connection to every server (every master of the cluster). */
    void onEachServer(Consumer<UnifiedJedis> action) {
        List<Integer> ports = this == STANDALONE ? List.of(TestRedis.standalonePort())
                : new ArrayList<>(TestRedis.clusterPorts());
        for (int port : ports) {
            try (UnifiedJedis node = TestRedis.client(port)) {
                action.accept(node);
            }
        }
    }
}
