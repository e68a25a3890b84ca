package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobStatistics;
import io.jobhistory.fixtures.RedisTopology;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

@DisplayName("Redis failures are thrown, typed and counted; only bad entries are skipped")
class FailureModesTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** The ACL of the README's Redis section, for prefix {@code p}. */
    static List<String> minimalAcl(String prefix) {
        return List.of("on", ">secret", "resetkeys", "~" + prefix + ":*", "-@all",
                "+evalsha", "+eval", "+get", "+getrange", "+mget", "+set", "+del", "+exists", "+time", "+zadd", "+zcard", "+zrem",
                "+zpopmin", "+zscore", "+zrange", "+zrangebyscore", "+zrevrangebyscore", "+zremrangebyscore",
                "+pexpire", "+hget", "+hmget", "+hset", "+hgetall", "+hkeys", "+hdel", "+hlen", "+strlen", "+zmscore", "+bitfield", "+setrange", "+multi", "+exec", "+ping", "+zrevrange", "+zrevrank",
                "+zremrangebyrank", "+cluster|slots", "+cluster|shards");
    }

    private static String prefix() {
        return "f" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ExecutionRecord run(String jobId, Instant start) {
        return ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job", start)
                .finished(ExecutionStatus.SUCCESS, start.plusSeconds(1)).build();
    }

    private static void aclSetUser(RedisTopology topology, String user, List<String> rules) {
        topology.onEachServer(node -> {
            List<String> args = new ArrayList<>(List.of("SETUSER", user, "reset"));
            args.addAll(rules);
            node.sendCommand(redis.clients.jedis.Protocol.Command.ACL, args.toArray(new String[0]));
        });
    }

    private static UnifiedJedis clientAs(RedisTopology topology, String user) {
        JedisClientConfig config = DefaultJedisClientConfig.builder().user(user).password("secret")
                .connectionTimeoutMillis(2_000).socketTimeoutMillis(5_000).build();
        int port = topology.serverPorts().get(0);
        if (topology.isCluster()) {
            return new JedisCluster(Set.of(new HostAndPort("127.0.0.1", port)), config);
        }
        return new UnifiedJedis(new PooledConnectionProvider(new HostAndPort("127.0.0.1", port), config),
                1, Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(value = RedisTopology.class, names = {"CLUSTER", "CLUSTER_7"})
    @DisplayName("cluster: a save whose job step succeeds and record step fails, then retried, counts the run once")
    void clusterSaveFailingMidwayCountsOnce(RedisTopology topology) {
        String prefix = prefix();
        String user = "u" + prefix;
        List<String> jobKeysOnly = new ArrayList<>(minimalAcl(prefix));
        jobKeysOnly.set(jobKeysOnly.indexOf("~" + prefix + ":*"), "~" + prefix + ":job_*"); // no record keys
        aclSetUser(topology, user, jobKeysOnly);
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord run = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job", T0)
                .finished(ExecutionStatus.FAILED, T0.plusSeconds(2)).errors(List.of("boom")).build();
        try (UnifiedJedis client = clientAs(topology, user)) {
            RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client)
                    .keyPrefix(prefix).build();
            assertThatThrownBy(() -> registry.save(run)).isInstanceOf(RedisHistoryException.class)
                    .hasMessageContaining("NOPERM");
            aclSetUser(topology, user, minimalAcl(prefix));
            registry.save(run);
            registry.saveAll(List.of(run, run));

            assertThat(registry.findJobRecord(jobId).orElseThrow().finishedCounts())
                    .containsEntry(ExecutionStatus.FAILED, 1L);
            Instant hour = JobStatistics.Granularity.HOUR.periodOf(T0);
            assertThat(registry.findStatistics(jobId, hour, hour.plusSeconds(3600), JobStatistics.Granularity.HOUR)
                    .periods()).singleElement().extracting(JobStatistics.Period::runs).isEqualTo(1L);
            assertThat(registry.findHistory(jobId, 5, ExecutionStatus.FAILED)).containsExactly(run);
        } finally {
            topology.onEachServer(node -> node.sendCommand(redis.clients.jedis.Protocol.Command.ACL, "DELUSER", user));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("the README's minimal ACL is enough for every operation; without a command the call fails, counted")
    void acl(RedisTopology topology) {
        String prefix = prefix();
        String user = "u" + prefix;
        aclSetUser(topology, user, minimalAcl(prefix));
        String jobId = "job-" + UUID.randomUUID();
        try (UnifiedJedis client = clientAs(topology, user)) {
            RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client)
                    .keyPrefix(prefix).maxRunsPerJob(2).build();
            List<ExecutionRecord> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ExecutionRecord r = run(jobId, T0.plusSeconds(i));
                registry.save(r.toBuilder().running().build());
                registry.save(r);
                runs.add(r);
            }
            assertThat(registry.findHistory(jobId)).containsExactly(runs.get(2), runs.get(1));
            assertThat(registry.findHistory(jobId, 5, ExecutionStatus.SUCCESS)).hasSize(2);
            assertThat(registry.findLatest(jobId)).contains(runs.get(2));
            assertThat(registry.findById(runs.get(1).executionId())).contains(runs.get(1));
            assertThat(registry.findJobIds()).containsExactly(jobId);
            assertThat(registry.findJobRecord(jobId).orElseThrow().finishedCounts())
                    .containsEntry(ExecutionStatus.SUCCESS, 3L);
            assertThat(registry.findStatistics(jobId, T0.minusSeconds(86_400), T0.plusSeconds(86_400),
                    JobStatistics.Granularity.DAY).periods()).isNotEmpty();
            assertThat(registry.findHistory(jobId, 5, ExecutionStatus.FAILED)).isEmpty();
            assertThat(registry.failureCount()).isZero();

            List<String> noRange = new ArrayList<>(minimalAcl(prefix));
            noRange.remove("+zrangebyscore");
            aclSetUser(topology, user, noRange);
            assertThatThrownBy(registry::findJobIds).isInstanceOfSatisfying(RedisHistoryException.class,
                    e -> assertThat(e.isTransient()).isFalse());
            assertThat(registry.failureCount()).isEqualTo(1);

            List<String> noRevRange = new ArrayList<>(minimalAcl(prefix));
            noRevRange.remove("+zrevrangebyscore");
            aclSetUser(topology, user, noRevRange);
            assertThatThrownBy(() -> registry.findHistory(jobId)).isInstanceOf(RedisHistoryException.class);
            assertThatThrownBy(() -> registry.findLatest(jobId)).isInstanceOf(RedisHistoryException.class);
            assertThat(registry.failureCount()).isEqualTo(3);

            // a delete that fails midway throws: on a cluster the record is gone first (reads skip its entry), on a
            // single server the script fails before writing; deleting again completes either way
            List<String> noZrem = new ArrayList<>(minimalAcl(prefix));
            noZrem.remove("+zrem");
            aclSetUser(topology, user, noZrem);
            String doomed = runs.get(2).executionId();
            assertThatThrownBy(() -> registry.deleteRun(jobId, doomed)).isInstanceOfSatisfying(
                    RedisHistoryException.class, e -> assertThat(e.isTransient()).isFalse());
            assertThat(registry.failureCount()).isEqualTo(4);
            aclSetUser(topology, user, minimalAcl(prefix));
            assertThat(registry.findHistory(jobId)).containsExactlyElementsOf(
                    topology.isCluster() ? List.of(runs.get(1)) : List.of(runs.get(2), runs.get(1)));
            assertThat(registry.deleteRun(jobId, doomed)).isEqualTo(!topology.isCluster());
            assertThat(registry.findHistory(jobId)).containsExactly(runs.get(1));

            assertThat(registry.deleteHistory(jobId)).isEqualTo(1);
            assertThat(registry.findJobIds()).isEmpty();
        } finally {
            topology.onEachServer(node -> node.sendCommand(redis.clients.jedis.Protocol.Command.ACL, "DELUSER", user));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("index entries scored +inf or -inf are skipped like any bad entry; the job's runs stay readable")
    void infiniteScores(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "inf";
        space.jedis().zadd(space.keys().indexKey(jobId), Double.POSITIVE_INFINITY, "inf-run");
        space.jedis().zadd(space.keys().indexKey(jobId), Double.NEGATIVE_INFINITY, "minus-inf-run");
        space.jedis().set(space.keys().recordKey("inf-run"), "garbage");
        space.jedis().set(space.keys().recordKey("minus-inf-run"), "garbage");
        ExecutionRecord valid = run(jobId, T0);
        ExecutionRecord older = run(jobId, T0.minusSeconds(5));
        registry.save(valid);
        registry.save(older);

        assertThat(registry.findLatest(jobId)).contains(valid);
        assertThat(registry.findHistory(jobId)).containsExactly(valid, older);
        assertThat(registry.findHistory(jobId, 1)).containsExactly(valid);
        assertThat(registry.failureCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("a job-id key of the wrong type fails the save before anything is written; listing skips it")
    void wrongTypeJobIds(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        space.jedis().set(space.keys().jobIdsKey(), "not a sorted set");
        String jobId = "job-" + UUID.randomUUID();
        Set<String> executionIds = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ExecutionRecord r = run(jobId, T0.plusSeconds(i));
            executionIds.add(r.executionId());
            assertThatThrownBy(() -> registry.save(r)).isInstanceOfSatisfying(RedisHistoryException.class, e -> {
                assertThat(e).hasMessageContaining("WRONGTYPE");
                assertThat(e.isTransient()).isFalse();
            });
        }
        assertThat(registry.failureCount()).isEqualTo(5);
        for (String id : executionIds) {
            assertThat(space.jedis().exists(space.keys().recordKey(id))).as(id).isFalse();
        }
        assertThat(space.jedis().exists(space.keys().indexKey(jobId))).isFalse();
        assertThat(registry.findHistory(jobId)).isEmpty();
        assertThat(registry.findJobIds()).isEmpty();
        assertThat(space.jedis().get(space.keys().jobIdsKey())).isEqualTo("not a sorted set");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("a server that refuses writes (out of memory) fails saves, counted and permanent; reads go on")
    void refusedWrite(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord first = run(jobId, T0);
        registry.save(first);
        topology.onEachServer(node -> node.configSet("maxmemory", "1"));
        try {
            assertThatThrownBy(() -> registry.save(run(jobId, T0.plusSeconds(1))))
                    .isInstanceOfSatisfying(RedisHistoryException.class, e -> assertThat(e.isTransient()).isFalse());
            assertThat(registry.failureCount()).isEqualTo(1);
        } finally {
            topology.onEachServer(node -> node.configSet("maxmemory", "0"));
        }
        assertThat(registry.findHistory(jobId)).containsExactly(first);
    }

    @Test
    @DisplayName("the tests run on the Jedis the build chose (jedis-alt profile: another version than compiled against)")
    void jedisVersion() {
        String expected = System.getProperty("jobhistory.expectedJedis");
        String jar = UnifiedJedis.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (expected != null) {
            assertThat(jar).endsWith("jedis-" + expected + ".jar");
        } else {
            assertThat(jar).contains("jedis-6.0.0");
        }
    }
}
