package io.jobhistory.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionRecordJsonTest {

    private static final Instant START = Instant.parse("2025-10-29T10:00:00Z");

    /** The seed's example response, as a record. */
    static ExecutionRecord seedExample() {
        return ExecutionRecord.builder("abc-123", "job-456", "Daily AAPL", START)
                .finished(ExecutionStatus.PARTIAL_SUCCESS, Instant.parse("2025-10-29T10:05:30.500Z"))
                .succeededItems(List.of("AAPL", "MSFT"))
                .failedItems(List.of("GOOGL"))
                .errors(List.of("Failed to fetch GOOGL: Connection timeout after 30s"))
                .totalItems(3)
                .build();
    }

    @Test
    void writesTheSeedShapeInSnakeCase() throws Exception {
        JsonNode json = JsonMapper.builder().build().readTree(ExecutionRecordJson.toJson(seedExample()));

        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("execution_id", "job_id", "job_name", "start_time", "end_time", "status",
                "succeeded_items", "failed_items", "errors", "duration_seconds", "total_items", "stack_trace",
                "heartbeat_deadline", "attributes");
        assertThat(json.get("execution_id").asText()).isEqualTo("abc-123");
        assertThat(json.get("start_time").asText()).isEqualTo("2025-10-29T10:00:00Z");
        assertThat(json.get("end_time").asText()).isEqualTo("2025-10-29T10:05:30.500Z");
        assertThat(json.get("status").asText()).isEqualTo("partial_success");
        assertThat(json.get("duration_seconds").asDouble()).isEqualTo(330.5);
        assertThat(json.get("total_items").asInt()).isEqualTo(3);
        assertThat(json.get("failed_items").get(0).asText()).isEqualTo("GOOGL");
        assertThat(json.get("stack_trace").isNull()).isTrue();
    }

    @Test
    void writesCompactlyWithIdsFirstAndStatusBeforeAttributes() {
        String json = ExecutionRecordJson.toJson(seedExample().toBuilder().attributes(Map.of("status", "x")).build());

        assertThat(json).startsWith("{\"execution_id\":\"abc-123\",\"job_id\":\"job-456\",\"job_name\":")
                .doesNotContain("\n").doesNotContain("\": ").doesNotContain(", \"");
        assertThat(json.indexOf("\"status\":\"partial_success\"")).isLessThan(json.indexOf("\"attributes\""));
    }

    @Test
    void roundTripsEveryField() {
        ExecutionRecord running = ExecutionRecord.builder("id:\"x\"", "job {1}", "名前 \n\t", START)
                .succeededItems(List.of("a\\b", "🙂"))
                .errors(List.of("</script>"))
                .heartbeatDeadline(START.plusSeconds(90))
                .attributes(Map.of("host", "worker-1"))
                .build();
        ExecutionRecord failed = seedExample().toBuilder()
                .finished(ExecutionStatus.FAILED, START.plusSeconds(1))
                .stackTrace("java.io.IOException: x\n\tat A.b(A.java:1)\n")
                .build();

        ExecutionRecord skipped = seedExample().toBuilder().skipped(START.plusSeconds(120), 3)
                .errors(List.of("misfire")).build();
        for (ExecutionRecord record : List.of(running, failed, seedExample(), skipped)) {
            assertThat(ExecutionRecordJson.fromJson(ExecutionRecordJson.toJson(record))).isEqualTo(record);
        }
    }

    @Test
    void abandonedRecordsReadBackInTheirStoredFormAndSkippedOnesCarryTheirCount() throws Exception {
        ExecutionRecord running = ExecutionRecord.builder("e", "j", "n", START).heartbeatDeadline(START.plusSeconds(90)).build();
        ExecutionRecord abandoned = io.jobhistory.spi.RecordRules.seenAt(running, START.plusSeconds(91));
        assertThat(ExecutionRecordJson.toJson(abandoned)).contains("\"status\":\"abandoned\"");
        assertThat(ExecutionRecordJson.fromJson(ExecutionRecordJson.toJson(abandoned))).isEqualTo(running);

        JsonNode skipped = JsonMapper.builder().build().readTree(ExecutionRecordJson.toJson(
                ExecutionRecord.builder("e", "j", "n", START).skipped(START.plusSeconds(60), 2).build()));
        assertThat(skipped.get("skip_count").asInt()).isEqualTo(2);
        assertThat(skipped.get("last_due_time").asText()).isEqualTo("2025-10-29T10:01:00Z");
        assertThat(skipped.get("duration_seconds").asDouble()).isZero();
        assertThat(ExecutionRecordJson.toJson(running)).doesNotContain("skip_count");
    }

    @Test
    void readingForStatisticsKeepsWhatSummariesNeedAndLeavesTheDetails() {
        ExecutionRecord finished = seedExample().toBuilder().attributes(Map.of("host", "w1")).stackTrace("trace").build();
        ExecutionRecord running = ExecutionRecord.builder("r", "j", "n", START).heartbeatDeadline(START.plusSeconds(90))
                .succeededItems(List.of("a")).build();
        ExecutionRecord skipped = ExecutionRecord.builder("s", "j", "n", START).skipped(START.plusSeconds(60), 4)
                .errors(List.of("misfire")).build();

        for (ExecutionRecord record : List.of(finished, running, skipped)) {
            ExecutionRecord lean = ExecutionRecordJson.fromJsonForStatistics(ExecutionRecordJson.toJson(record));
            assertThat(lean.executionId()).isEqualTo(record.executionId());
            assertThat(lean.jobId()).isEqualTo(record.jobId());
            assertThat(lean.jobName()).isEqualTo(record.jobName());
            assertThat(lean.status()).isEqualTo(record.status());
            assertThat(lean.startTime()).isEqualTo(record.startTime());
            assertThat(lean.endTime()).isEqualTo(record.endTime());
            assertThat(lean.heartbeatDeadline()).isEqualTo(record.heartbeatDeadline());
            assertThat(lean.skipCount()).isEqualTo(record.skipCount());
            assertThat(lean.lastDueTime()).isEqualTo(record.lastDueTime());
            assertThat(lean.succeededItems()).isEmpty();
            assertThat(lean.errors()).isEmpty();
            assertThat(lean.attributes()).isEmpty();
        }
        assertThatThrownBy(() -> ExecutionRecordJson.fromJsonForStatistics("{\"status\":\"nope\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void runningRecordsHaveNullEndAndDuration() throws Exception {
        JsonNode json = JsonMapper.builder().build().readTree(ExecutionRecordJson.toJson(
                ExecutionRecord.builder("e", "j", "n", START).build()));

        assertThat(json.get("end_time").isNull()).isTrue();
        assertThat(json.get("duration_seconds").isNull()).isTrue();
        assertThat(json.get("status").asText()).isEqualTo("running");
    }

    @Test
    void readsTheSeedsOwnFormatIgnoringUnknownFields() {
        String seed = "{\"execution_id\":\"abc-123\",\"job_id\":\"job-456\",\"job_name\":\"Daily AAPL\","
                + "\"start_time\":\"2025-10-29T10:00:00\",\"end_time\":\"2025-10-29T10:05:30\","
                + "\"status\":\"partial_success\",\"fetched_stocks\":[\"AAPL\"],\"unknown\":{\"nested\":[1,2]},"
                + "\"errors\":[\"Failed to fetch GOOGL\"],\"duration_seconds\":330.5,\"total_items\":3}";

        ExecutionRecord record = ExecutionRecordJson.fromJson(seed);

        assertThat(record.startTime()).isEqualTo(START);
        assertThat(record.endTime()).contains(Instant.parse("2025-10-29T10:05:30Z"));
        assertThat(record.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
        assertThat(record.errors()).containsExactly("Failed to fetch GOOGL");
        assertThat(record.totalItems()).isEqualTo(3);
        assertThat(record.succeededItems()).isEmpty();
    }

    @Test
    void rejectsWhatIsNotARecordWithAClearMessage() {
        assertThatThrownBy(() -> ExecutionRecordJson.fromJson("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Not a valid execution record");
        assertThatThrownBy(() -> ExecutionRecordJson.fromJson("[1]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> ExecutionRecordJson.fromJson("{\"job_id\":\"j\",\"status\":\"weird\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowed: running, success");
        assertThatThrownBy(() -> ExecutionRecordJson.fromJson(
                "{\"execution_id\":\"e\",\"job_id\":\"j\",\"job_name\":\"n\",\"start_time\":\"yesterday\",\"status\":\"running\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start_time 'yesterday'");
        assertThatThrownBy(() -> ExecutionRecordJson.fromJson(
                "{\"@class\":\"java.lang.ProcessBuilder\",\"status\":\"running\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("executionId");
    }
}
