package io.jobhistory.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import io.jobhistory.JobStatistics.Granularity;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code jobs/{id}/record} (the job's own record) and {@code jobs/{id}/statistics} (its runs counted by hour or day),
 * read from what the registry keeps per job rather than from the job's runs.
 */
final class JobRecordRoutes {

    private static final Set<String> STATISTICS_PARAMETERS = Set.of("granularity", "from", "to");

    private final ExecutionHistoryRegistry registry;
    private final ApiJson json;
    private final Clock clock;

    JobRecordRoutes(ExecutionHistoryRegistry registry, ApiJson json, Clock clock) {
        this.registry = registry;
        this.json = json;
        this.clock = clock;
    }

    /** The job's record; 404 if it has none (it has not run, or only versions before 0.2 saved its runs). */
    ApiJson.Body record(String jobId) {
        JobRecord record = registry.findJobRecord(jobId).orElseThrow(() -> ApiException.notFound("Job '" + jobId
                + "' has no job record yet: it has not run since job records began to be kept"));
        return out -> write(out, record);
    }

    /**
     * The job's statistics: {@code granularity} {@code hour} or {@code day} (default), from {@code from} (default:
     * 48 hours or 30 days back) to {@code to} (default: now), as ISO-8601 instants.
     */
    ApiJson.Body statistics(String jobId, Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!STATISTICS_PARAMETERS.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name + "'; allowed: granularity, from, to");
            }
        }
        Granularity granularity = granularity(parameters.get("granularity"));
        Instant now = clock.instant();
        Instant to = instant(parameters.get("to"), "to", now);
        Instant from = instant(parameters.get("from"), "from", granularity == Granularity.HOUR
                ? to.minus(Duration.ofHours(JobStatistics.HOURS_KEPT)) : to.minus(Duration.ofDays(30)));
        if (to.isBefore(from)) {
            throw ApiException.badRequest("to " + to + " is before from " + from);
        }
        JobStatistics statistics = registry.findStatistics(jobId, from, to, granularity);
        return out -> write(out, statistics);
    }

    private void write(JsonGenerator out, JobRecord record) throws IOException {
        out.writeStartObject();
        out.writeStringField("job_id", record.jobId());
        out.writeStringField("job_name", record.jobName());
        out.writeFieldName("last_run");
        if (record.lastRun().isPresent()) {
            json.run(out, record.lastRun().get());
        } else {
            out.writeNull();
        }
        out.writeStringField("last_error", record.lastError().map(json::redact).orElse(null));
        out.writeStringField("last_error_execution_id", record.lastErrorExecutionId().orElse(null));
        instant(out, "last_success_time", record.lastSuccessTime());
        instant(out, "last_failure_time", record.lastFailureTime());
        out.writeObjectFieldStart("finished_counts");
        for (Map.Entry<ExecutionStatus, Long> count : record.finishedCounts().entrySet()) {
            out.writeNumberField(count.getKey().wireName(), count.getValue());
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void write(JsonGenerator out, JobStatistics statistics) throws IOException {
        out.writeStartObject();
        out.writeStringField("job_id", statistics.jobId());
        out.writeStringField("granularity", statistics.granularity().name().toLowerCase(Locale.ROOT));
        out.writeArrayFieldStart("histogram_edges_seconds");
        for (Duration edge : JobStatistics.HISTOGRAM_EDGES) {
            out.writeNumber(edge.toMillis() / 1000.0);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("periods");
        for (JobStatistics.Period period : statistics.periods()) {
            out.writeStartObject();
            out.writeStringField("start", period.start().toString());
            out.writeNumberField("runs", period.runs());
            out.writeObjectFieldStart("counts");
            for (Map.Entry<ExecutionStatus, Long> count : period.counts().entrySet()) {
                out.writeNumberField(count.getKey().wireName(), count.getValue());
            }
            out.writeEndObject();
            out.writeNumberField("total_duration_seconds", period.totalDuration().toMillis() / 1000.0);
            out.writeNumberField("max_duration_seconds", period.maxDuration().toMillis() / 1000.0);
            out.writeArrayFieldStart("histogram");
            for (long bucket : period.histogram()) {
                out.writeNumber(bucket);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static Granularity granularity(String value) {
        if (value == null || value.equals("day")) {
            return Granularity.DAY;
        }
        if (value.equals("hour")) {
            return Granularity.HOUR;
        }
        throw ApiException.badRequest("granularity must be 'hour' or 'day', but was '" + value + "'");
    }

    private static Instant instant(String value, String name, Instant otherwise) {
        Instant parsed = HistoryParameters.instant(value, name);
        return parsed == null ? otherwise : parsed;
    }

    private static void instant(JsonGenerator out, String name, Optional<Instant> instant) throws IOException {
        out.writeStringField(name, instant.map(Instant::toString).orElse(null));
    }
}
