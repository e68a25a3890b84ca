package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.RedisTopology;
import io.jobhistory.json.ExecutionRecordJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.UnifiedJedis;

@DisplayName("Redis registry, on a standalone server and on a cluster")
class RedisRegistryTest {

    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    private static ExecutionRecord run(String executionId, String jobId, Instant start) {
        return ExecutionRecord.builder(executionId, jobId, "Job " + jobId, start)
                .finished(ExecutionStatus.SUCCESS, start.plusSeconds(1)).build();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("keys are the seed's, the value is exactly the codec's JSON, and both expire")
    void keyLayout(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        ExecutionRecord record = run("abc-123", "job-456", T0);

        registry.save(record);

        String recordKey = space.prefix() + ":execution_history:abc-123";
        String indexKey = space.prefix() + ":job_history_index:job-456";
        assertThat(space.jedis().get(recordKey)).isEqualTo(ExecutionRecordJson.toJson(record));
        assertThat(space.jedis().zscore(indexKey, "abc-123")).isEqualTo((double) T0.toEpochMilli());
        assertThat(space.jedis().pttl(recordKey))
                .isBetween(Duration.ofDays(29).toMillis(), Duration.ofDays(30).toMillis());
        // the index lives 2% longer than a record: renewed once per 1% of the TTL, it outlives its newest record
        assertThat(space.jedis().pttl(indexKey))
                .isBetween(Duration.ofDays(29).toMillis(), Duration.ofDays(30).toMillis() * 102 / 100);
        assertThat(space.jedis().exists(space.prefix() + ":job_ids")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("awkward ids are percent-encoded in keys, so they stay inside the prefix and their job")
    void encodedKeys(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();

        registry.save(run("e:1 {x}", "job:*", T0));

        assertThat(space.jedis().exists(space.prefix() + ":execution_history:e%3A1%20%7Bx%7D")).isTrue();
        assertThat(space.jedis().exists(space.prefix() + ":job_history_index:job%3A%2A")).isTrue();
        assertThat(RedisKeys.encode("é%")).isEqualTo("%C3%A9%25");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("150 saves keep the newest 100 in the index and delete the 50 oldest records")
    void retention(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job " + UUID.randomUUID();
        List<ExecutionRecord> runs = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // awkward ids: the scripts must encode trimmed members exactly as Java does to delete them
            ExecutionRecord r = run("run:" + i + ":é{" + UUID.randomUUID() + "}", jobId, T0.plusSeconds(i));
            runs.add(r);
            registry.save(r);
        }
        assertThat(registry.findHistory(jobId, 200)).hasSize(100).first().isEqualTo(runs.get(149));
        registry.close(); // on a single server, sends a trim still waiting for a next save

        // on a single server up to 19 of the oldest may still wait for the next trim (read by no one); on a cluster, none
        long kept = space.jedis().zcard(space.keys().indexKey(jobId));
        assertThat(kept).isBetween(100L, topology.isCluster() ? 100L : 119L);
        for (int i = 0; i < 150; i++) {
            assertThat(space.jedis().exists(space.keys().recordKey(runs.get(i).executionId()))).as("run %d", i)
                    .isEqualTo(i >= 150 - kept);
            assertThat(registry.findById(runs.get(i).executionId()).isPresent()).as("run %d", i).isEqualTo(i >= 50);
        }
        assertThat(registry.findHistory(jobId, 200)).hasSize(100).first().isEqualTo(runs.get(149));
        assertThat(registry.summarize(jobId).runs()).isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("runs past the cap that wait for the next trimming step are left out of every read, then deleted")
    void trimmingInSteps(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        List<ExecutionRecord> runs = new ArrayList<>();
        for (int i = 0; i < 117; i++) {
            ExecutionRecord r = run("r-" + UUID.randomUUID(), jobId, T0.plusSeconds(i));
            runs.add(r);
            registry.save(r);
        }
        // on a single server the index now holds 117 entries (it is trimmed once it reaches 120); on a cluster, 100
        assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).isBetween(100L, 119L);
        List<ExecutionRecord> newest = new ArrayList<>(runs.subList(17, 117));
        java.util.Collections.reverse(newest);

        assertThat(registry.findHistory(jobId, 200)).containsExactlyElementsOf(newest);
        assertThat(registry.findHistory(jobId, 200, ExecutionStatus.SUCCESS)).containsExactlyElementsOf(newest);
        assertThat(registry.findPage(jobId, io.jobhistory.HistoryQuery.builder().limit(500).from(T0)
                .to(T0.plusSeconds(500)).build()).records()).containsExactlyElementsOf(newest);
        List<ExecutionRecord> paged = new ArrayList<>();
        io.jobhistory.HistoryPage page = registry.findPage(jobId, io.jobhistory.HistoryQuery.builder().limit(30).build());
        paged.addAll(page.records());
        while (page.nextCursor().isPresent()) {
            page = registry.findPage(jobId,
                    io.jobhistory.HistoryQuery.builder().limit(30).cursor(page.nextCursor().get()).build());
            paged.addAll(page.records());
        }
        assertThat(paged).containsExactlyElementsOf(newest);
        assertThat(registry.summarize(jobId).runs()).isEqualTo(100);
        assertThat(registry.findOverviews(List.of(jobId), 5).get(0).summary().runs()).isEqualTo(100);
        for (int i = 0; i < 117; i++) {
            assertThat(registry.findById(runs.get(i).executionId())).as("run %d", i).isEqualTo(
                    i < 17 ? java.util.Optional.empty() : java.util.Optional.of(runs.get(i)));
        }

        // the save that fills the slack leaves the trim to the next save, or to close()
        for (int i = 117; i < 120; i++) {
            ExecutionRecord r = run("r-" + UUID.randomUUID(), jobId, T0.plusSeconds(i));
            runs.add(r);
            registry.save(r);
        }
        assertThat(registry.findHistory(jobId, 200)).hasSize(100).last().isEqualTo(runs.get(20));
        registry.close();
        assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).isEqualTo(100);
        for (int i = 0; i < 120; i++) {
            assertThat(space.jedis().exists(space.keys().recordKey(runs.get(i).executionId()))).as("run %d", i)
                    .isEqualTo(i >= 20);
        }

        // a new registry's first save renews the job by the script, which leaves retention to the trimming steps as
        // plain saves do: twenty saves fill the slack again (runs 20 to 39 past the cap), the next three carry the
        // trim: one reads which entries are past the cap, one reads their records, one deletes them and counts them
        RedisExecutionHistoryRegistry next = space.registry();
        for (int i = 120; i < 144; i++) {
            ExecutionRecord r = run("r-" + UUID.randomUUID(), jobId, T0.plusSeconds(i));
            runs.add(r);
            next.save(r);
        }
        assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).isEqualTo(topology.isCluster() ? 100L : 104L);
        for (int i = 0; i < 144; i++) {
            assertThat(space.jedis().exists(space.keys().recordKey(runs.get(i).executionId()))).as("run %d", i)
                    .isEqualTo(i >= 44 || (i >= 40 && !topology.isCluster()));
        }
        assertThat(next.findHistory(jobId, 200)).hasSize(100).last().isEqualTo(runs.get(44));
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("trimming leaves alone a record its index points at that holds another job's run")
    void trimmingSparesOtherJobsRecords(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.builder().maxRunsPerJob(20).build();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord other = run("o-" + UUID.randomUUID(), "other-" + UUID.randomUUID(), T0.minusSeconds(60));
        registry.save(other);
        // planted: this job's index points at the other job's run, as the oldest entry
        space.jedis().zadd(space.keys().indexKey(jobId), T0.minusSeconds(60).toEpochMilli(), other.executionId());
        for (int i = 0; i < 40; i++) {
            registry.save(run("r-" + UUID.randomUUID(), jobId, T0.plusSeconds(i)));
        }
        registry.close();

        assertThat(space.jedis().zscore(space.keys().indexKey(jobId), other.executionId())).isNull();
        assertThat(registry.findById(other.executionId())).contains(other);
        assertThat(registry.findHistory(jobId, 100)).hasSize(20);
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("records and the index really expire on the server after a short time to live")
    void expiry(RedisTopology topology) throws Exception {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.builder().timeToLive(Duration.ofMillis(1_500)).build();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord r = run("r-" + UUID.randomUUID(), jobId, T0);
        registry.save(r);
        assertThat(registry.findById(r.executionId())).contains(r);
        assertThat(registry.findJobIds()).contains(jobId);

        Thread.sleep(2_000);

        assertThat(space.jedis().exists(space.keys().recordKey(r.executionId()))).isFalse();
        assertThat(space.jedis().exists(space.keys().indexKey(jobId))).isFalse();
        assertThat(registry.findById(r.executionId())).isEmpty();
        assertThat(registry.findHistory(jobId)).isEmpty();
        assertThat(registry.findJobIds()).doesNotContain(jobId);
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("a job stays listed while it has live runs, also after a running copy of a finished run was refused")
    void jobListedWhileAlive(RedisTopology topology) throws Exception {
        RedisExecutionHistoryRegistry registry = KeySpace.fresh(topology).builder()
               .timeToLive(Duration.ofMillis(2_000)).build();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord first = run("f-" + UUID.randomUUID(), jobId, T0);
        registry.save(first);
        Thread.sleep(600);
        registry.save(ExecutionRecord.builder(first.executionId(), jobId, "Job " + jobId, T0).build()); // refused
        ExecutionRecord second = run("s-" + UUID.randomUUID(), jobId, T0.plusSeconds(10));
        registry.save(second);
        Thread.sleep(1_700); // the first run and its job-id entry have expired; the second lives until about 2,600 ms

        assertThat(registry.findById(second.executionId())).contains(second);
        assertThat(registry.findJobIds()).contains(jobId);
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("saves and reads go on after SCRIPT FLUSH empties the script cache")
    void scriptFlush(RedisTopology topology) {
        RedisExecutionHistoryRegistry registry = KeySpace.fresh(topology).builder().maxRunsPerJob(2).build();
        String jobId = "job-" + UUID.randomUUID();
        List<ExecutionRecord> saved = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            topology.onEachServer(UnifiedJedis::scriptFlush);
            ExecutionRecord r = run("r" + i, jobId, T0.plusSeconds(i));
            registry.save(r);
            saved.add(r);
        }
        topology.onEachServer(UnifiedJedis::scriptFlush);
        assertThat(registry.findHistory(jobId)).containsExactly(saved.get(3), saved.get(2));
        topology.onEachServer(UnifiedJedis::scriptFlush);
        assertThat(registry.findById("r0")).isEmpty();
        assertThat(registry.findJobIds()).contains(jobId);
        topology.onEachServer(UnifiedJedis::scriptFlush);
        assertThat(registry.deleteHistory(jobId)).isEqualTo(2);
        assertThat(registry.failureCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("a corrupt value and a key of the wrong type are skipped; the job's other runs stay readable")
    void corruption(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord oldest = run("a-" + UUID.randomUUID(), jobId, T0);
        ExecutionRecord corrupt = run("b-" + UUID.randomUUID(), jobId, T0.plusSeconds(1));
        ExecutionRecord wrongType = run("c-" + UUID.randomUUID(), jobId, T0.plusSeconds(2));
        ExecutionRecord middle = run("d-" + UUID.randomUUID(), jobId, T0.plusSeconds(3));
        ExecutionRecord newest = run("e-" + UUID.randomUUID(), jobId, T0.plusSeconds(4));
        for (ExecutionRecord r : List.of(oldest, corrupt, wrongType, middle, newest)) {
            registry.save(r);
        }
        space.jedis().set(space.keys().recordKey(corrupt.executionId()), "{\"status\":\"success\", not json");
        space.jedis().del(space.keys().recordKey(wrongType.executionId()));
        space.jedis().lpush(space.keys().recordKey(wrongType.executionId()), "x");
        space.jedis().set(space.keys().recordKey(newest.executionId()), "{\"@class\":\"java.lang.Runtime\"}");

        assertThat(registry.findHistory(jobId)).containsExactly(middle, oldest);
        assertThat(registry.findHistory(jobId, 1)).containsExactly(middle);
        assertThat(registry.findHistory(jobId, 2, ExecutionStatus.SUCCESS)).containsExactly(middle, oldest);
        assertThat(registry.findLatest(jobId)).contains(middle);
        assertThat(registry.findById(corrupt.executionId())).isEmpty();
        assertThat(registry.findById(wrongType.executionId())).isEmpty();
        assertThat(registry.findById(oldest.executionId())).contains(oldest);
        assertThat(registry.summarize(jobId).runs()).isEqualTo(2);
        assertThat(registry.failureCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("an index key of the wrong type reads as an empty history, and saves to it fail promptly")
    void wrongTypeIndex(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        space.jedis().set(space.keys().indexKey(jobId), "not a sorted set");

        assertThat(registry.findHistory(jobId)).isEmpty();
        assertThat(registry.findLatest(jobId)).isEmpty();
        assertThatThrownBy(() -> registry.save(run("x-" + UUID.randomUUID(), jobId, T0)))
                .isInstanceOf(RedisHistoryException.class).hasMessageContaining("WRONGTYPE");
        assertThat(space.jedis().get(space.keys().indexKey(jobId))).isEqualTo("not a sorted set");

        // a job this registry already renewed is saved by plain commands: the record written is taken back
        String other = "job-" + UUID.randomUUID();
        registry.save(run("y-" + UUID.randomUUID(), other, T0));
        space.jedis().del(space.keys().indexKey(other));
        space.jedis().set(space.keys().indexKey(other), "not a sorted set");
        ExecutionRecord refused = run("z-" + UUID.randomUUID(), other, T0.plusSeconds(1));
        assertThatThrownBy(() -> registry.save(refused))
                .isInstanceOf(RedisHistoryException.class).hasMessageContaining("WRONGTYPE");
        assertThat(space.jedis().exists(space.keys().recordKey(refused.executionId()))).isFalse();
        assertThat(registry.findById(refused.executionId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("threads saving through two registries on two clients lose and duplicate nothing")
    void concurrentRegistries(RedisTopology topology) throws Exception {
        KeySpace space = KeySpace.fresh(topology);
        String jobId = "job-" + UUID.randomUUID();
        try (UnifiedJedis other = topology.newClient()) {
            List<RedisExecutionHistoryRegistry> registries = List.of(
                    space.builder().maxRunsPerJob(50).build(),
                    RedisExecutionHistoryRegistry.builder(other).keyPrefix(space.prefix()).maxRunsPerJob(50).build());
            List<ExecutionRecord> runs = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                runs.add(run(String.format("r%03d", i), jobId, T0.plusMillis(i / 3)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = thread; i < runs.size(); i += 6) {
                            ExecutionRecord done = runs.get(i);
                            RedisExecutionHistoryRegistry registry = registries.get(i % 2);
                            registry.save(done.toBuilder().running().build());
                            registries.get((i + 1) % 2).save(done);
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            List<ExecutionRecord> newest = new ArrayList<>(runs.subList(70, 120));
            newest.sort(ExecutionRecord.NEWEST_FIRST);
            assertThat(registries.get(0).findHistory(jobId, 100)).containsExactlyElementsOf(newest);
            registries.forEach(RedisExecutionHistoryRegistry::close); // sends the trimming steps still waiting
            // a single server may keep a slack of entries past the cap (reads leave them out) with their records
            assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).isBetween(50L, 60L);
            for (ExecutionRecord r : runs.subList(0, 70)) {
                assertThat(space.jedis().exists(space.keys().recordKey(r.executionId()))).as(r.executionId())
                        .isEqualTo(space.jedis().zscore(space.keys().indexKey(jobId), r.executionId()) != null);
            }
            assertThat(registries.get(0).findJobRecord(jobId).orElseThrow().finishedCounts())
                    .as("each run counted once, trimmed or not").containsEntry(ExecutionStatus.SUCCESS, 120L);
        }
    }
}
