package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.RedisTopology;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Deleting one run from Redis, on a standalone server and on a cluster")
class DeleteRunTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static ExecutionRecord run(String jobId, Instant start) {
        return ExecutionRecord.builder("r-" + UUID.randomUUID(), jobId, "Job", start)
                .finished(ExecutionStatus.SUCCESS, start.plusSeconds(1)).build();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("a record of another job under the execution id is left alone; only this job's index entry goes")
    void plantedRecordOfAnotherJob(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord own = run(jobId, T0);
        ExecutionRecord other = run("other-" + UUID.randomUUID(), T0.plusSeconds(1));
        registry.save(own);
        registry.save(other);
        // planted: this job's index points at the other job's run
        space.jedis().zadd(space.keys().indexKey(jobId), T0.plusSeconds(1).toEpochMilli(), other.executionId());

        assertThat(registry.deleteRun(jobId, other.executionId())).isFalse();

        assertThat(registry.findById(other.executionId())).contains(other);
        assertThat(registry.findHistory(other.jobId())).containsExactly(other);
        assertThat(space.jedis().zscore(space.keys().indexKey(jobId), other.executionId())).isNull();
        assertThat(registry.findHistory(jobId)).containsExactly(own);
        assertThat(registry.findJobIds()).contains(jobId, other.jobId());
        assertThat(registry.failureCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("deleting the only run removes the job's index key and its job-id entry, nothing else")
    void onlyRunKeys(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        String kept = "job-" + UUID.randomUUID();
        ExecutionRecord only = run(jobId, T0);
        registry.save(only);
        registry.save(run(kept, T0));

        assertThat(registry.deleteRun(jobId, only.executionId())).isTrue();

        assertThat(space.jedis().exists(space.keys().recordKey(only.executionId()))).isFalse();
        assertThat(space.jedis().exists(space.keys().indexKey(jobId))).isFalse();
        assertThat(space.jedis().zscore(space.keys().jobIdsKey(), jobId)).isNull();
        assertThat(space.jedis().zscore(space.keys().jobIdsKey(), kept)).isNotNull();
        assertThat(registry.findJobIds()).containsExactly(kept);
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("runs past the cap, waiting for a trimming step, do not come back when a newer run is deleted")
    void runsPastTheCapStayGone(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.builder().maxRunsPerJob(20).build();
        String jobId = "job-" + UUID.randomUUID();
        List<ExecutionRecord> runs = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            runs.add(run(jobId, T0.plusSeconds(i)));
            registry.save(runs.get(i));
        }
        // a single server's plain saves leave the oldest run in the index, past the cap; a cluster trims it at once
        assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).isEqualTo(topology.isCluster() ? 20L : 21L);

        assertThat(registry.deleteRun(jobId, runs.get(20).executionId())).isTrue();

        List<ExecutionRecord> left = new ArrayList<>(runs.subList(1, 20));
        Collections.reverse(left);
        assertThat(registry.findHistory(jobId, 100)).containsExactlyElementsOf(left);
        assertThat(registry.findById(runs.get(0).executionId())).isEmpty();
        assertThat(space.jedis().exists(space.keys().recordKey(runs.get(0).executionId()))).isFalse();
        assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).isEqualTo(19L);
        // a run past the cap is not retained: deleting it answers false
        assertThat(registry.deleteRun(jobId, runs.get(0).executionId())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("an index entry whose record is gone (a cluster delete that failed after its first step) is skipped "
            + "by reads, and deleting the run again removes it")
    void recordGoneEntryLeft(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord older = run(jobId, T0);
        ExecutionRecord doomed = run(jobId, T0.plusSeconds(1));
        registry.save(older);
        registry.save(doomed);
        space.jedis().del(space.keys().recordKey(doomed.executionId())); // the state the first step leaves

        assertThat(registry.findHistory(jobId)).containsExactly(older);
        assertThat(registry.findLatest(jobId)).contains(older);
        assertThat(registry.findOverviews(List.of(jobId), 5).get(0).recentRuns()).containsExactly(older);
        assertThat(registry.findById(doomed.executionId())).isEmpty();

        assertThat(registry.deleteRun(jobId, doomed.executionId())).isFalse();
        assertThat(space.jedis().zrange(space.keys().indexKey(jobId), 0, -1)).containsExactly(older.executionId());
        assertThat(registry.findJobIds()).contains(jobId);
        assertThat(registry.failureCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("an index key of another type is left alone, and the run of a key of the right type still goes")
    void wrongTypeIndex(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord run = run(jobId, T0);
        registry.save(run);
        space.jedis().del(space.keys().indexKey(jobId));
        space.jedis().set(space.keys().indexKey(jobId), "not a sorted set");

        // the record is still the job's (readable by id), so it goes; the planted key stays
        assertThat(registry.deleteRun(jobId, run.executionId())).isTrue();
        assertThat(registry.findById(run.executionId())).isEmpty();
        assertThat(space.jedis().get(space.keys().indexKey(jobId))).isEqualTo("not a sorted set");
        assertThat(registry.failureCount()).isZero();
    }
}
