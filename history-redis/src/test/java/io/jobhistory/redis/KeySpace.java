package io.jobhistory.redis;

import io.jobhistory.fixtures.RedisTopology;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where a Redis test works: a deployment's shared client, a key prefix no other test uses, and the keys under it.
 *
 * @param jedis  the deployment's shared client
 * @param prefix a fresh key prefix
 * @param keys   the keys a registry with that prefix uses
 */
record KeySpace(UnifiedJedis jedis, String prefix, RedisKeys keys) {

    /** A fresh prefix on {@code topology}. */
    static KeySpace fresh(RedisTopology topology) {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        return new KeySpace(topology.client(), prefix, new RedisKeys(prefix));
    }

    /** A registry builder over this client and prefix. */
    RedisExecutionHistoryRegistry.Builder builder() {
        return RedisExecutionHistoryRegistry.builder(jedis).keyPrefix(prefix);
    }

    /** A registry with the defaults over this client and prefix. */
    RedisExecutionHistoryRegistry registry() {
        return builder().build();
    }
}
