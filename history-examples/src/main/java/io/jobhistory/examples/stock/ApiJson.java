package io.jobhistory.examples.stock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobSummary;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON the HTTP API writes. A run has exactly the seed's fields, with the stock app's names for the library's
 * item fields ({@code fetched_stocks}, {@code failed_stocks}, {@code total_stocks}). Times are ISO-8601 instants in
 * UTC; durations are seconds with millisecond precision; absent values are {@code null}.
 */
public final class ApiJson {

    /** The fields of one run, in the order written. */
    public static final List<String> RUN_FIELDS = List.of("execution_id", "job_id", "job_name", "start_time",
            "end_time", "status", "fetched_stocks", "failed_stocks", "errors", "duration_seconds", "total_stocks");

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ApiJson() {
    }

    /** One run in the seed's response format. */
    public static ObjectNode run(ExecutionRecord run) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("execution_id", run.executionId());
        node.put("job_id", run.jobId());
        node.put("job_name", run.jobName());
        node.put("start_time", run.startTime().toString());
        node.put("end_time", run.endTime().map(Instant::toString).orElse(null));
        node.put("status", run.status().wireName());
        strings(node.putArray("fetched_stocks"), run.succeededItems());
        strings(node.putArray("failed_stocks"), run.failedItems());
        strings(node.putArray("errors"), run.errors());
        node.put("duration_seconds", seconds(run.duration()));
        node.put("total_stocks", run.totalItems());
        return node;
    }

    /** Runs as a JSON array, in the order given. */
    public static ArrayNode runs(List<ExecutionRecord> runs) {
        ArrayNode array = MAPPER.createArrayNode();
        runs.forEach(run -> array.add(run(run)));
        return array;
    }

    /** A job summary in snake_case, with status wire names and {@code null} where there is no value. */
    public static ObjectNode summary(JobSummary summary) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("job_id", summary.jobId());
        node.put("runs", summary.runs());
        ObjectNode counts = node.putObject("counts_by_status");
        for (ExecutionStatus status : ExecutionStatus.values()) {
            counts.put(status.wireName(), summary.countsByStatus().getOrDefault(status, 0));
        }
        node.put("success_rate", summary.successRate().isPresent() ? summary.successRate().getAsDouble() : null);
        node.put("last_success_time", summary.lastSuccessTime().map(Instant::toString).orElse(null));
        node.put("last_failure_time", summary.lastFailureTime().map(Instant::toString).orElse(null));
        node.put("consecutive_failures", summary.consecutiveFailures());
        node.put("average_duration_seconds", seconds(summary.averageDuration()));
        node.put("p50_duration_seconds", seconds(summary.p50Duration()));
        node.put("p95_duration_seconds", seconds(summary.p95Duration()));
        return node;
    }

    /** Known jobs, as {@code [{"job_id": ..., "job_name": ...}]}, in the order given. */
    public static ArrayNode jobs(Map<String, String> namesById) {
        ArrayNode array = MAPPER.createArrayNode();
        namesById.forEach((id, name) -> array.addObject().put("job_id", id).put("job_name", name));
        return array;
    }

    /** {@code {"error": message}}. */
    public static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    /** {@code json} as pretty-printed UTF-8 bytes. */
    public static byte[] bytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double seconds(Optional<Duration> duration) {
        return duration.map(d -> d.toMillis() / 1000.0).orElse(null);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
