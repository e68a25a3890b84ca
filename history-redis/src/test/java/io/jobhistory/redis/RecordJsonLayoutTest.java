package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.RedisTopology;
import io.jobhistory.json.ExecutionRecordJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scripts read a stored record's {@code status} and {@code job_id} by matching the codec's text, not by parsing it
 * (lua/include/status_of.lua and belongs.lua, {@link JobFragment}): the first {@code "status":"} and the first
 * {@code ,"job_id":} must be the top-level fields. That holds because {@link ExecutionRecordJson} writes both before
 * the only nested object ({@code attributes}) and escapes every quote inside strings. This test fails the moment the
 * codec's layout breaks that, and the registry tests below save records whose user text imitates both fields.
 */
@DisplayName("the scripts' reading of status and job_id holds against records whose text imitates them")
class RecordJsonLayoutTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    /** What status_of.lua matches, in Java. */
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z_]+)\"");

    private static ExecutionRecord hostile(String executionId, String jobId, Instant start, ExecutionStatus status) {
        ExecutionRecord.Builder b = ExecutionRecord.builder(executionId, jobId,
                        "name \",\"status\":\"failed\",\"job_id\":\"other\"", start)
                .attributes(Map.of("status", "failed", "job_id", "other", "x", ",\"job_id\":\"other\""));
        if (status == ExecutionStatus.RUNNING) {
            return b.build();
        }
        return b.finished(status, start.plusSeconds(1))
                .errors(List.of("\"status\":\"failed\"", ",\"job_id\":\"other\"", "{\"status\":\"success\"}"))
                .stackTrace("\"status\":\"failed\" ,\"job_id\":\"other\",\"job_name\":")
                .build();
    }

    @Test
    @DisplayName("the codec writes status and job_id before any user text could imitate them")
    void layout() {
        for (ExecutionStatus status : List.of(ExecutionStatus.SUCCESS, ExecutionStatus.RUNNING,
                ExecutionStatus.PARTIAL_SUCCESS)) {
            ExecutionRecord record = hostile("e-1", "job \"a\"", T0, status);
            String json = ExecutionRecordJson.toJson(record);
            Matcher m = STATUS.matcher(json);
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).isEqualTo(status.wireName());
            assertThat(m.start()).isLessThan(json.indexOf("\"attributes\""));
            assertThat(JobFragment.extract(json)).isEqualTo(JobFragment.of("job \"a\""));
            assertThat(json.indexOf(",\"job_id\":")).isLessThan(json.indexOf("\"job_name\""));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    @DisplayName("status filter, finished-is-final, trimming and deletion work on records that imitate the fields")
    void hostileRecords(RedisTopology topology) {
        KeySpace space = KeySpace.fresh(topology);
        RedisExecutionHistoryRegistry registry = space.builder().maxRunsPerJob(3).build();
        String jobId = "job-" + UUID.randomUUID();
        List<ExecutionRecord> runs = new ArrayList<>();
        ExecutionStatus[] statuses = {ExecutionStatus.SUCCESS, ExecutionStatus.SUCCESS, ExecutionStatus.PARTIAL_SUCCESS,
                ExecutionStatus.SUCCESS, ExecutionStatus.SUCCESS};
        for (int i = 0; i < statuses.length; i++) {
            ExecutionRecord done = hostile("r" + i + "-" + UUID.randomUUID(), jobId, T0.plusSeconds(i), statuses[i]);
            registry.save(done);
            registry.save(hostile(done.executionId(), jobId, done.startTime(), ExecutionStatus.RUNNING)); // refused
            runs.add(done);
        }

        registry.close(); // sends the trimming steps still waiting
        // trimming deleted the two oldest records although their text names another job
        assertThat(space.jedis().exists(space.keys().recordKey(runs.get(0).executionId()))).isFalse();
        assertThat(space.jedis().exists(space.keys().recordKey(runs.get(1).executionId()))).isFalse();
        // finished is final: the running copies were refused
        assertThat(registry.findHistory(jobId)).containsExactly(runs.get(4), runs.get(3), runs.get(2));
        // the status filter reads the field, not the text
        assertThat(registry.findHistory(jobId, 10, ExecutionStatus.FAILED)).isEmpty();
        assertThat(registry.findHistory(jobId, 10, ExecutionStatus.PARTIAL_SUCCESS)).containsExactly(runs.get(2));
        assertThat(registry.findHistory(jobId, 1, ExecutionStatus.SUCCESS)).containsExactly(runs.get(4));
        // deletion deletes them: they belong to this job whatever their text says
        assertThat(registry.deleteHistory(jobId)).isEqualTo(3);
        for (ExecutionRecord r : runs) {
            assertThat(space.jedis().exists(space.keys().recordKey(r.executionId()))).isFalse();
        }
        assertThat(registry.failureCount()).isZero();
    }
}
