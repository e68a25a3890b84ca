package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobSummary;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records and summaries as plain maps in the library's snake_case wire shape, for the actuator endpoint. */
final class RecordViews {

    private RecordViews() {
    }

    static Map<String, Object> record(ExecutionRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("execution_id", r.executionId());
        m.put("job_id", r.jobId());
        m.put("job_name", r.jobName());
        m.put("start_time", r.startTime().toString());
        m.put("end_time", r.endTime().map(Object::toString).orElse(null));
        m.put("status", r.status().wireName());
        m.put("succeeded_items", r.succeededItems());
        m.put("failed_items", r.failedItems());
        m.put("errors", r.errors());
        m.put("duration_seconds", r.duration().map(RecordViews::seconds).orElse(null));
        m.put("total_items", r.totalItems());
        m.put("attributes", r.attributes());
        return m;
    }

    static Map<String, Object> summary(JobSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", s.runs());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<ExecutionStatus, Integer> e : s.countsByStatus().entrySet()) {
            counts.put(e.getKey().wireName(), e.getValue());
        }
        m.put("counts_by_status", counts);
        m.put("success_rate", s.successRate().isPresent() ? s.successRate().getAsDouble() : null);
        m.put("last_success_time", s.lastSuccessTime().map(Object::toString).orElse(null));
        m.put("last_failure_time", s.lastFailureTime().map(Object::toString).orElse(null));
        m.put("consecutive_failures", s.consecutiveFailures());
        m.put("average_duration_seconds", s.averageDuration().map(RecordViews::seconds).orElse(null));
        m.put("p50_duration_seconds", s.p50Duration().map(RecordViews::seconds).orElse(null));
        m.put("p95_duration_seconds", s.p95Duration().map(RecordViews::seconds).orElse(null));
        return m;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
