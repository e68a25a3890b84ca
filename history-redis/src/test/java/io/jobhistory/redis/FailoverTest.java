package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.Await;
import io.jobhistory.fixtures.RealTime;
import io.jobhistory.fixtures.RedisCluster7;
import io.jobhistory.fixtures.SystemRedis;
import io.jobhistory.json.ExecutionRecordJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

@DisplayName("Redis 7 cluster failovers while jobs record: saves recover by themselves and nothing saved is lost")
class FailoverTest {

    private static final int JOBS = 24;
    /** How long saves must go without a failure to count as recovered. */
    private static final Duration CLEAN = Duration.ofMillis(700);

    private final String prefix = "fo" + UUID.randomUUID().toString().substring(0, 6);
    private final Map<String, ExecutionRecord> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> failedAt = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastSuccess = new AtomicLong();

    @Test
    @DisplayName("a killed master and a CLUSTER FAILOVER: saves succeed again within 10 s of each promotion without any "
            + "read, no acknowledged run is lost, no record is outside its index, one WARN per outage")
    void killedMasterAndManualFailover() throws Exception {
        try (RedisCluster7 cluster = SystemRedis.newCluster();
             UnifiedJedis client = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", cluster.nodes().get(0).port())),
                     DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(1_000)
                             .build(), 3, Duration.ofSeconds(2))) {
            RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client).keyPrefix(prefix)
                    .maxRunsPerJob(10_000).build();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(pool.submit(() -> record(registry, worker, stop)));
            }
            try {
                RealTime.sleep(Duration.ofMillis(800));
                assertThat(acknowledged).isNotEmpty();

                // 1. a master crashes; its replica is promoted after the node timeout
                int master = cluster.masterPorts().get(0);
                SystemRedis replica = cluster.replicaOf(master);
                long killedAt = System.nanoTime();
                cluster.node(master).kill();
                long promoted = awaitMaster(cluster, replica);
                assertRecoveredWithin10s(promoted);

                // 2. an operator's graceful failover of another master
                int other = cluster.masterPorts().stream().filter(p -> p != replica.port()).findFirst().orElseThrow();
                SystemRedis otherReplica = cluster.replicaOf(other);
                try (Jedis jedis = otherReplica.connect()) {
                    jedis.clusterFailover();
                }
                long promoted2 = awaitMaster(cluster, otherReplica);
                assertRecoveredWithin10s(promoted2);

                stop.set(true);
                for (Future<?> f : workers) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertNothingLost(registry, killedAt);
                assertNoOrphans(cluster, registry);
                assertThat(failedAt).as("the crash made saves fail for a while").isNotEmpty();
                assertThat(registry.failureCount()).isGreaterThanOrEqualTo(failedAt.size());
                assertThat(registry.outageCount()).as("WARN lines").isBetween(1L, 2L);
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }
    }

    private void record(RedisExecutionHistoryRegistry registry, int worker, AtomicBoolean stop) {
        long n = 0;
        while (!stop.get()) {
            String jobId = "job-" + (n++ * 4 + worker) % JOBS;
            Instant start = Instant.now();
            ExecutionRecord done = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job", start)
                    .finished(ExecutionStatus.SUCCESS, start.plusMillis(1)).build();
            try {
                registry.save(done.toBuilder().running().build());
                registry.save(done);
                acknowledged.put(done.executionId(), done);
                acknowledgedAt.put(done.executionId(), System.nanoTime());
                lastSuccess.set(System.nanoTime());
            } catch (RedisHistoryException e) {
                failedAt.add(System.nanoTime());
            }
            RealTime.sleep(Duration.ofMillis(3));
        }
    }

    /** Waits until {@code node} is a master and the cluster is ok again; returns when it was first seen a master. */
    private static long awaitMaster(RedisCluster7 cluster, SystemRedis node) {
        Await.until("replica " + node.port() + " promoted", () -> node.role().equals("master"));
        long promoted = System.nanoTime();
        cluster.awaitOk();
        return promoted;
    }

    /** Within 10 s of the promotion, saves have gone {@link #CLEAN} without a failure, some succeeding. */
    private void assertRecoveredWithin10s(long promoted) {
        long deadline = promoted + Duration.ofSeconds(10).toNanos();
        while (true) {
            long now = System.nanoTime();
            long lastFailure = failedAt.stream().mapToLong(Long::longValue).max().orElse(0);
            if (now - lastFailure >= CLEAN.toNanos() && now - lastSuccess.get() < CLEAN.toNanos()
                    && lastSuccess.get() > lastFailure) {
                return;
            }
            assertThat(now).as("saves recovered within 10 s of the promotion").isLessThan(deadline);
            RealTime.sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Every run whose finished save returned is readable by id and in its job's history. Redis replicates
     * asynchronously, so a crashed master may take its last few milliseconds of acknowledged writes with it; runs
     * acknowledged in the 100 ms before the kill are left out of this check.
     */
    private void assertNothingLost(RedisExecutionHistoryRegistry registry, long killedAt) {
        Map<String, Set<String>> history = new ConcurrentHashMap<>();
        for (int j = 0; j < JOBS; j++) {
            Set<String> ids = new HashSet<>();
            registry.findHistory("job-" + j, 10_000).forEach(r -> ids.add(r.executionId()));
            history.put("job-" + j, ids);
        }
        long windowStart = killedAt - Duration.ofMillis(100).toNanos();
        int checked = 0;
        for (ExecutionRecord r : acknowledged.values()) {
            long at = acknowledgedAt.get(r.executionId());
            if (at >= windowStart && at <= killedAt) {
                continue;
            }
            checked++;
            assertThat(registry.findById(r.executionId())).as("run %s", r.executionId()).contains(r);
            assertThat(history.get(r.jobId())).as("history of %s", r.jobId()).contains(r.executionId());
        }
        assertThat(checked).isGreaterThan(100);
    }

    /** Every record key under the prefix, on every master, is in its job's index. */
    private void assertNoOrphans(RedisCluster7 cluster, RedisExecutionHistoryRegistry registry) {
        RedisKeys keys = new RedisKeys(prefix);
        int records = 0;
        for (int port : cluster.masterPorts()) {
            try (Jedis node = cluster.node(port).connect()) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = node.scan(cursor,
                            new ScanParams().match(keys.recordPrefix() + "*").count(500));
                    for (String key : page.getResult()) {
                        ExecutionRecord r = ExecutionRecordJson.fromJson(node.get(key));
                        records++;
                        try (Jedis indexNode = cluster.node(port).connect()) {
                            assertThat(registry.findById(r.executionId())).isPresent();
                        }
                        assertThat(registry.findHistory(r.jobId(), 10_000)).as("index of %s", r.jobId())
                                .extracting(ExecutionRecord::executionId).contains(r.executionId());
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
        assertThat(records).isGreaterThanOrEqualTo(acknowledged.size() / 2);
    }
}
