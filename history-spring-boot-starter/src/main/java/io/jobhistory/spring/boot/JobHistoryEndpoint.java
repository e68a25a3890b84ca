package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.JobOverview;
import io.jobhistory.JobSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Actuator endpoint {@code jobhistory}: every job with its latest run and summary ({@code /actuator/jobhistory}), and
 * one job's recent runs ({@code /actuator/jobhistory/{jobId}}). When the storage cannot be read it answers 503 with
 * the reason; it never affects the application's health.
 */
@Endpoint(id = "jobhistory")
public class JobHistoryEndpoint {

    /** Runs listed for one job. */
    static final int RECENT_RUNS = 20;

    private static final Logger log = LoggerFactory.getLogger(JobHistoryEndpoint.class);

    private final ExecutionHistoryRegistry registry;
    /** This instance's count of runs that did not happen, by job; null when not shown. */
    private final ToLongFunction<String> notRunCounts;

    /** An endpoint over {@code registry}. */
    public JobHistoryEndpoint(ExecutionHistoryRegistry registry) {
        this(registry, null);
    }

    /**
     * An endpoint over {@code registry} whose summaries add {@code not_run_here}, this instance's count of the job's
     * runs that did not happen ({@code recorder::notRunCount}).
     */
    public JobHistoryEndpoint(ExecutionHistoryRegistry registry, ToLongFunction<String> notRunCounts) {
        this.registry = registry;
        this.notRunCounts = notRunCounts;
    }

    /** Every job, by id, with its latest run and summary, read in one batch ({@code findOverviews}). */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> jobs() {
        try {
            List<Map<String, Object>> jobs = new ArrayList<>();
            for (JobOverview overview : registry.findOverviews(new TreeSet<>(registry.findJobIds()), 1)) {
                jobs.add(job(overview.jobId(), overview.jobName(), overview.latest().orElse(null), overview.summary()));
            }
            return new WebEndpointResponse<>(Map.of("jobs", jobs));
        } catch (RuntimeException e) {
            return unavailable(e);
        }
    }

    /** One job's latest run, summary and its newest {@value #RECENT_RUNS} runs; 404 for an unknown job. */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> job(@Selector String jobId) {
        try {
            List<ExecutionRecord> recent = registry.findHistory(jobId, RECENT_RUNS);
            if (recent.isEmpty()) {
                return new WebEndpointResponse<>(Map.of("error", "no runs of job '" + jobId + "'"),
                        WebEndpointResponse.STATUS_NOT_FOUND);
            }
            Map<String, Object> job = job(jobId, recent.get(0).jobName(), recent.get(0), registry.summarize(jobId));
            job.put("recent_runs", recent.stream().map(RecordViews::record).toList());
            return new WebEndpointResponse<>(job);
        } catch (IllegalArgumentException e) {
            return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        } catch (RuntimeException e) {
            return unavailable(e);
        }
    }

    private Map<String, Object> job(String jobId, String jobName, ExecutionRecord latest, JobSummary summary) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_id", jobId);
        job.put("job_name", jobName);
        job.put("latest", latest == null ? null : RecordViews.record(latest));
        Map<String, Object> figures = RecordViews.summary(summary);
        if (notRunCounts != null) {
            figures.put("not_run_here", notRunCounts.applyAsLong(jobId));
        }
        job.put("summary", figures);
        return job;
    }

    private static WebEndpointResponse<Map<String, Object>> unavailable(RuntimeException e) {
        log.warn("Job history storage could not be read: {}", e.toString());
        return new WebEndpointResponse<>(Map.of("error", "job history storage unavailable: " + e.getMessage()),
                WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
    }
}
