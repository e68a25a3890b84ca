package io.jobhistory.web;

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
import java.util.function.UnaryOperator;

/**
 * The JSON the HTTP API writes, in one {@link FieldNames} style, with errors and stack traces passed through the
 * redaction function. Times are ISO-8601 instants in UTC; durations are seconds with millisecond precision; absent
 * values are {@code null}.
 */
final class ApiJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final FieldNames names;
    private final UnaryOperator<String> redaction;

    ApiJson(FieldNames names, UnaryOperator<String> redaction) {
        this.names = names;
        this.redaction = redaction;
    }

    FieldNames names() {
        return names;
    }

    /** One run. */
    ObjectNode run(ExecutionRecord run) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("execution_id", run.executionId());
        node.put("job_id", run.jobId());
        node.put("job_name", run.jobName());
        node.put("start_time", run.startTime().toString());
        node.put("end_time", run.endTime().map(Instant::toString).orElse(null));
        node.put("status", run.status().wireName());
        strings(node.putArray(names.succeededItems()), run.succeededItems());
        strings(node.putArray(names.failedItems()), run.failedItems());
        ArrayNode errors = node.putArray("errors");
        run.errors().forEach(error -> errors.add(redact(error)));
        node.put("duration_seconds", seconds(run.duration()));
        node.put(names.totalItems(), run.totalItems());
        if (names.allFields()) {
            node.put("stack_trace", run.stackTrace().map(this::redact).orElse(null));
            node.put("heartbeat_deadline", run.heartbeatDeadline().map(Instant::toString).orElse(null));
            ObjectNode attributes = node.putObject("attributes");
            run.attributes().forEach(attributes::put);
        }
        return node;
    }

    /** Runs as a JSON array, in the order given. */
    ArrayNode runs(List<ExecutionRecord> runs) {
        ArrayNode array = MAPPER.createArrayNode();
        runs.forEach(run -> array.add(run(run)));
        return array;
    }

    /** A job summary in snake_case, with status wire names and {@code null} where there is no value. */
    static ObjectNode summary(JobSummary summary) {
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
    static ArrayNode jobs(Map<String, String> namesById) {
        ArrayNode array = MAPPER.createArrayNode();
        namesById.forEach((id, name) -> array.addObject().put("job_id", id).put("job_name", name));
        return array;
    }

    /** One row of the overview: the job, its summary's figures, its newest runs in short form. */
    ObjectNode overviewRow(String jobId, String jobName, List<ExecutionRecord> recent, JobSummary summary) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("job_id", jobId);
        node.put("job_name", jobName);
        ExecutionRecord latest = recent.isEmpty() ? null : recent.get(0);
        node.put("last_status", latest == null ? null : latest.status().wireName());
        node.put("last_start_time", latest == null ? null : latest.startTime().toString());
        node.put("last_end_time", latest == null ? null : latest.endTime().map(Instant::toString).orElse(null));
        node.put("last_error", latest == null || latest.errors().isEmpty() ? null : redact(latest.errors().get(0)));
        node.put("runs", summary.runs());
        node.put("success_rate", summary.successRate().isPresent() ? summary.successRate().getAsDouble() : null);
        node.put("p50_duration_seconds", seconds(summary.p50Duration()));
        node.put("p95_duration_seconds", seconds(summary.p95Duration()));
        node.put("consecutive_failures", summary.consecutiveFailures());
        node.put("running", summary.countsByStatus().getOrDefault(ExecutionStatus.RUNNING, 0));
        node.put("abandoned", summary.countsByStatus().getOrDefault(ExecutionStatus.ABANDONED, 0));
        ArrayNode runs = node.putArray("recent_runs");
        for (ExecutionRecord run : recent) {
            runs.addObject()
                    .put("execution_id", run.executionId())
                    .put("status", run.status().wireName())
                    .put("start_time", run.startTime().toString())
                    .put("duration_seconds", seconds(run.duration()));
        }
        return node;
    }

    /** {@code {"error": message}}. */
    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    /** A new empty object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code json} as pretty-printed UTF-8 bytes. */
    static byte[] bytes(JsonNode json, boolean pretty) {
        try {
            return (pretty ? PRETTY : MAPPER).writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String redact(String text) {
        String redacted = redaction.apply(text);
        return redacted == null ? "" : redacted;
    }

    private static Double seconds(Optional<Duration> duration) {
        return duration.map(d -> d.toMillis() / 1000.0).orElse(null);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
