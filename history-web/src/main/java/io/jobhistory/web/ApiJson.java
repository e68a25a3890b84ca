package io.jobhistory.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobSummary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The JSON the HTTP API writes, streamed with jackson-core, in one {@link FieldNames} style, with errors, stack
 * traces, items and attribute values passed through the redaction function. Times are ISO-8601 instants in UTC; durations are seconds with
 * millisecond precision; absent values are {@code null}.
 */
final class ApiJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** A JSON document written to a generator. */
    interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    private final FieldNames names;
    private final UnaryOperator<String> redaction;

    ApiJson(FieldNames names, UnaryOperator<String> redaction) {
        this.names = names;
        this.redaction = redaction;
    }

    /** One run. */
    void run(JsonGenerator out, ExecutionRecord run) throws IOException {
        out.writeStartObject();
        out.writeStringField("execution_id", run.executionId());
        out.writeStringField("job_id", run.jobId());
        out.writeStringField("job_name", run.jobName());
        out.writeStringField("start_time", run.startTime().toString());
        instant(out, "end_time", run.endTime());
        out.writeStringField("status", run.status().wireName());
        redacted(out, names.succeededItems(), run.succeededItems());
        redacted(out, names.failedItems(), run.failedItems());
        out.writeArrayFieldStart("errors");
        for (String error : run.errors()) {
            out.writeString(redact(error));
        }
        out.writeEndArray();
        seconds(out, "duration_seconds", run.duration());
        out.writeNumberField(names.totalItems(), run.totalItems());
        if (names.allFields()) {
            if (run.stackTrace().isPresent()) {
                out.writeStringField("stack_trace", redact(run.stackTrace().get()));
            } else {
                out.writeNullField("stack_trace");
            }
            instant(out, "heartbeat_deadline", run.heartbeatDeadline());
            out.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> attribute : run.attributes().entrySet()) {
                out.writeStringField(attribute.getKey(), redact(attribute.getValue()));
            }
            out.writeEndObject();
            if (run.status() == ExecutionStatus.SKIPPED) {
                out.writeNumberField("skip_count", run.skipCount());
                instant(out, "last_due_time", run.lastDueTime());
            }
        }
        out.writeEndObject();
    }

    /** Runs as a JSON array, in the order given. */
    void runs(JsonGenerator out, List<ExecutionRecord> runs) throws IOException {
        out.writeStartArray();
        for (ExecutionRecord run : runs) {
            run(out, run);
        }
        out.writeEndArray();
    }

    /**
     * A job summary in snake_case, with status wire names and {@code null} where there is no value; with
     * {@code not_run_here}, this instance's count of the job's runs that did not happen, when known.
     */
    static void summary(JsonGenerator out, JobSummary summary, OptionalLong notRunHere) throws IOException {
        out.writeStartObject();
        out.writeStringField("job_id", summary.jobId());
        out.writeNumberField("runs", summary.runs());
        out.writeObjectFieldStart("counts_by_status");
        for (ExecutionStatus status : ExecutionStatus.values()) {
            out.writeNumberField(status.wireName(), summary.countsByStatus().getOrDefault(status, 0));
        }
        out.writeEndObject();
        successRate(out, summary);
        instant(out, "last_success_time", summary.lastSuccessTime());
        instant(out, "last_failure_time", summary.lastFailureTime());
        out.writeNumberField("consecutive_failures", summary.consecutiveFailures());
        seconds(out, "average_duration_seconds", summary.averageDuration());
        seconds(out, "p50_duration_seconds", summary.p50Duration());
        seconds(out, "p95_duration_seconds", summary.p95Duration());
        if (notRunHere.isPresent()) {
            out.writeNumberField("not_run_here", notRunHere.getAsLong());
        }
        out.writeEndObject();
    }

    /** Known jobs, as {@code [{"job_id": ..., "job_name": ...}]}, in the order given. */
    static void jobs(JsonGenerator out, Map<String, String> namesById) throws IOException {
        out.writeStartArray();
        for (Map.Entry<String, String> job : namesById.entrySet()) {
            out.writeStartObject();
            out.writeStringField("job_id", job.getKey());
            out.writeStringField("job_name", job.getValue());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /**
     * One row of the overview, holding only what it writes: a stalled client keeps a chunk of these, not the runs'
     * items, errors and stack traces.
     */
    record OverviewRow(String jobId, String jobName, String lastStatus, String lastStartTime, Optional<Instant> lastEnd,
                       String lastError, JobSummary summary, List<RunBrief> recent) {

        static OverviewRow of(String jobId, String jobName, List<ExecutionRecord> recent, JobSummary summary) {
            ExecutionRecord latest = recent.isEmpty() ? null : recent.get(0);
            List<RunBrief> briefs = new ArrayList<>(recent.size());
            for (ExecutionRecord run : recent) {
                briefs.add(new RunBrief(run.executionId(), run.status(), run.startTime(), run.duration(),
                        run.status() == ExecutionStatus.SKIPPED ? run.skipCount() : -1));
            }
            return new OverviewRow(jobId, jobName, latest == null ? null : latest.status().wireName(),
                    latest == null ? null : latest.startTime().toString(),
                    latest == null ? Optional.empty() : latest.endTime(),
                    latest == null || latest.errors().isEmpty() ? null : latest.errors().get(0), summary, briefs);
        }
    }

    /** A recent run in short form; {@code skipCount} is -1 unless it was skipped. */
    record RunBrief(String executionId, ExecutionStatus status, Instant startTime, Optional<Duration> duration,
                    int skipCount) {
    }

    /** One row of the overview: the job, its summary's figures, its newest runs in short form. */
    void overviewRow(JsonGenerator out, OverviewRow row) throws IOException {
        JobSummary summary = row.summary();
        out.writeStartObject();
        out.writeStringField("job_id", row.jobId());
        out.writeStringField("job_name", row.jobName());
        out.writeStringField("last_status", row.lastStatus());
        out.writeStringField("last_start_time", row.lastStartTime());
        instant(out, "last_end_time", row.lastEnd());
        out.writeStringField("last_error", row.lastError() == null ? null : redact(row.lastError()));
        out.writeNumberField("runs", summary.runs());
        successRate(out, summary);
        seconds(out, "p50_duration_seconds", summary.p50Duration());
        seconds(out, "p95_duration_seconds", summary.p95Duration());
        out.writeNumberField("consecutive_failures", summary.consecutiveFailures());
        out.writeNumberField("running", summary.countsByStatus().getOrDefault(ExecutionStatus.RUNNING, 0));
        out.writeNumberField("abandoned", summary.countsByStatus().getOrDefault(ExecutionStatus.ABANDONED, 0));
        out.writeArrayFieldStart("recent_runs");
        for (RunBrief run : row.recent()) {
            out.writeStartObject();
            out.writeStringField("execution_id", run.executionId());
            out.writeStringField("status", run.status().wireName());
            out.writeStringField("start_time", run.startTime().toString());
            seconds(out, "duration_seconds", run.duration());
            if (run.skipCount() >= 0) {
                out.writeNumberField("skip_count", run.skipCount());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** {@code {"error": message}}. */
    static Body error(String message) {
        return out -> {
            out.writeStartObject();
            out.writeStringField("error", message);
            out.writeEndObject();
        };
    }

    /** {@code body} as UTF-8 bytes, pretty-printed (two-space indent, {@code "name" : value}) or compact. */
    static byte[] bytes(Body body, boolean pretty) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            if (pretty) {
                out.useDefaultPrettyPrinter();
            }
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    String redact(String text) {
        String redacted = redaction.apply(text);
        return redacted == null ? "" : redacted;
    }

    private static void successRate(JsonGenerator out, JobSummary summary) throws IOException {
        if (summary.successRate().isPresent()) {
            out.writeNumberField("success_rate", summary.successRate().getAsDouble());
        } else {
            out.writeNullField("success_rate");
        }
    }

    private static void instant(JsonGenerator out, String name, Optional<Instant> instant) throws IOException {
        out.writeStringField(name, instant.map(Instant::toString).orElse(null));
    }

    private static void seconds(JsonGenerator out, String name, Optional<Duration> duration) throws IOException {
        if (duration.isPresent()) {
            out.writeNumberField(name, duration.get().toMillis() / 1000.0);
        } else {
            out.writeNullField(name);
        }
    }

    private void redacted(JsonGenerator out, String name, List<String> values) throws IOException {
        out.writeArrayFieldStart(name);
        for (String value : values) {
            out.writeString(redact(value));
        }
        out.writeEndArray();
    }
}
