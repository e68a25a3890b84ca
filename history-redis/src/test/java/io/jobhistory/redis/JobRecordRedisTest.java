package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import io.jobhistory.JobStatistics.Granularity;
import io.jobhistory.fixtures.RedisTopology;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The job-level keys on Redis: bad data, data of an older version, a cluster save failing midway, memory. */
@DisplayName("Redis job records and statistics")
class JobRecordRedisTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** The seed's record shape: two items, one failed item and an error unless a success. */
    static ExecutionRecord seed(String jobId, Instant start, ExecutionStatus status) {
        return ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Daily AAPL", start)
                .finished(status, start.plusMillis(330_500))
                .succeededItems(status == ExecutionStatus.FAILED ? List.of() : List.of("AAPL", "MSFT"))
                .failedItems(status == ExecutionStatus.SUCCESS ? List.of() : List.of("GOOGL"))
                .errors(status == ExecutionStatus.SUCCESS ? List.of()
                        : List.of("Failed to fetch GOOGL: Connection timeout after 30s"))
                .totalItems(3).build();
    }

    private static ExecutionStatus statusOf(int i) {
        return switch (i % 3) {
            case 0 -> ExecutionStatus.SUCCESS;
            case 1 -> ExecutionStatus.PARTIAL_SUCCESS;
            default -> ExecutionStatus.FAILED;
        };
    }

    private static String job() {
        return "job-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("a job record or statistics key of another type, or a value that does not parse, fails the read naming the key")
    void badDataFailsTheRead(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        Instant hour = Granularity.HOUR.periodOf(NOW);
        List<BiConsumer<String, KeySpace>> plants = List.of(
                (jobId, s) -> s.jedis().set(s.keys().jobRecordKey(jobId), "not a hash"),
                (jobId, s) -> s.jedis().hset(s.keys().jobRecordKey(jobId),
                        Map.of("name", "x", "err", "e", "err_id", "i", "err_start", "soon")),
                (jobId, s) -> s.jedis().set(s.keys().maximaKey(jobId), "not a sorted set"),
                (jobId, s) -> s.jedis().hset(s.keys().statsKey(jobId), "h1", "not a string"));
        for (int i = 0; i < plants.size(); i++) {
            String jobId = job();
            plants.get(i).accept(jobId, space);
            String key = List.of(space.keys().jobRecordKey(jobId), space.keys().jobRecordKey(jobId),
                    space.keys().maximaKey(jobId), space.keys().statsKey(jobId)).get(i);
            if (i < 3) {
                assertThatThrownBy(() -> registry.findJobRecords(List.of(job(), jobId)))
                        .as("plant %d", i).isInstanceOf(RedisHistoryException.class).hasMessageContaining(key);
            } else {
                assertThatThrownBy(() -> registry.findStatistics(jobId, hour, hour.plusSeconds(3600), Granularity.HOUR))
                        .as("plant %d", i).isInstanceOf(RedisHistoryException.class).hasMessageContaining(key);
            }
        }
        // job-level keys of another type do not stop saves or retention: runs are saved and trimmed, reads fail
        String jobId = job();
        space.jedis().hset(space.keys().statsKey(jobId), "h1", "not a string");
        space.jedis().set(space.keys().jobRecordKey(jobId), "not a hash");
        RedisExecutionHistoryRegistry small = space.builder().maxRunsPerJob(2).build();
        for (int i = 0; i < 6; i++) {
            small.save(seed(jobId, NOW.plusSeconds(i), ExecutionStatus.SUCCESS));
        }
        small.close();
        assertThat(small.findHistory(jobId)).hasSize(2);
        assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).isLessThanOrEqualTo(3);
        assertThat(space.jedis().type(space.keys().statsKey(jobId))).isEqualTo("hash");
        assertThatThrownBy(() -> small.findJobRecord(jobId)).isInstanceOf(RedisHistoryException.class)
                .hasMessageContaining(space.keys().jobRecordKey(jobId));
        // a failed run over a failures key of another type: the run is saved, the save reports the bad key
        String other = job();
        space.jedis().set(space.keys().failuresKey(other), "not a sorted set");
        ExecutionRecord failed = seed(other, NOW, ExecutionStatus.FAILED);
        assertThatThrownBy(() -> registry.save(failed)).isInstanceOf(RedisHistoryException.class)
                .hasMessageContaining("WRONGTYPE");
        assertThat(registry.findById(failed.executionId())).contains(failed);
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("history written before job records (no job-level keys) counts from its runs; retention adds the keys, with TTLs")
    void olderDataCountsFromItsRuns(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.builder().maxRunsPerJob(3).build();
        String jobId = job();
        registry.save(seed(jobId, NOW.minusSeconds(600), ExecutionStatus.SUCCESS));
        registry.save(seed(jobId, NOW.minusSeconds(500), ExecutionStatus.FAILED));
        space.jedis().del(space.keys().failuresKey(jobId)); // an older version kept none
        assertThat(space.jedis().exists(space.keys().jobRecordKey(jobId))).isFalse();
        assertThat(space.jedis().exists(space.keys().statsKey(jobId))).isFalse();

        JobRecord record = registry.findJobRecord(jobId).orElseThrow();
        assertThat(record.finishedCounts()).containsEntry(ExecutionStatus.FAILED, 1L)
                .containsEntry(ExecutionStatus.SUCCESS, 1L);
        assertThat(registry.findStatistics(jobId, NOW.minus(Duration.ofDays(1)), NOW.plusSeconds(1), Granularity.DAY)
                .periods().stream().mapToLong(JobStatistics.Period::runs).sum()).isEqualTo(2L); // one day, or two

        for (int i = 0; i < 6; i++) {
            registry.save(seed(jobId, NOW.minusSeconds(400 - i), ExecutionStatus.FAILED));
        }
        registry.close(); // sends the trimming steps still waiting
        assertThat(space.jedis().zcard(space.keys().indexKey(jobId))).as("the cap and its slack").isLessThanOrEqualTo(4);
        JobRecord after = registry.findJobRecord(jobId).orElseThrow();
        assertThat(after.finishedCounts()).containsEntry(ExecutionStatus.FAILED, 7L)
                .containsEntry(ExecutionStatus.SUCCESS, 1L);
        assertThat(after.lastSuccessTime()).isPresent();
        assertThat(registry.findStatistics(jobId, NOW.minus(Duration.ofDays(1)), NOW.plusSeconds(1), Granularity.HOUR)
                .periods().stream().mapToLong(JobStatistics.Period::runs).sum()).isEqualTo(8);
        assertThat(space.jedis().pttl(space.keys().jobRecordKey(jobId))).isPositive();
        assertThat(space.jedis().pttl(space.keys().statsKey(jobId))).isPositive();
        assertThat(space.jedis().pttl(space.keys().failuresKey(jobId))).isPositive();
    }

    @ParameterizedTest
    @EnumSource(value = RedisTopology.class, names = {"STANDALONE", "STANDALONE_7"})
    @DisplayName("memory: a job's statistics at steady state take at most a quarter of its raw history at the cap")
    void statisticsMemory(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.registry();
        String jobId = job();
        // one run an hour for 30 days: 48 hourly periods and 31 daily ones, the cap of 100 runs
        Instant start = NOW.minus(Duration.ofDays(30));
        for (int i = 0; i < 30 * 24; i++) {
            registry.save(seed(jobId, start.plus(Duration.ofHours(i)), statusOf(i)));
        }
        registry.close();
        long stats = memory(space, space.keys().statsKey(jobId)) + memory(space, space.keys().maximaKey(jobId));
        long runs = 0;
        for (String id : space.jedis().zrevrange(space.keys().indexKey(jobId), 0, 99)) {
            runs += memory(space, space.keys().recordKey(id));
        }
        runs += memory(space, space.keys().indexKey(jobId));
        long record = memory(space, space.keys().jobRecordKey(jobId));
        long failures = memory(space, space.keys().failuresKey(jobId));
        System.out.printf("%s: statistics and maxima %d B, raw history at the cap %d B (100 records + index), "
                        + "ratio %.3f; job record %d B, failures index %d B%n", topology, stats, runs,
                (double) stats / runs, record, failures);
        assertThat(stats).isLessThanOrEqualTo(runs / 4);
    }

    private static long memory(KeySpace space, String key) {
        Object reply = space.jedis().sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode("MEMORY"),
                "USAGE", key, "SAMPLES", "0");
        return reply == null ? 0 : (Long) reply;
    }
}
