package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
import io.jobhistory.JobSummary;
import io.jobhistory.spi.HistoryRules;
import io.jobhistory.internal.Ids;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON endpoints, on decoded path segments below the API's prefix, in one {@link FieldNames} style:
 * {@code jobs}, {@code jobs/{id}/history}, {@code jobs/{id}/latest-execution}, {@code jobs/{id}/summary},
 * {@code executions/{id}} and {@code overview}.
 */
final class ApiRoutes {

    /** The most recent runs one overview row may ask for. */
    static final int MAX_RECENT_RUNS = ExecutionHistoryRegistry.MAX_RECENT_RUNS;
    /** Recent runs per overview row when the request does not say. */
    static final int DEFAULT_RECENT_RUNS = 20;

    private final ExecutionHistoryRegistry registry;
    private final Map<String, String> configuredJobs;
    private final ApiJson json;
    private final Clock clock;

    ApiRoutes(ExecutionHistoryRegistry registry, Map<String, String> configuredJobs, ApiJson json, Clock clock) {
        this.registry = registry;
        this.configuredJobs = configuredJobs;
        this.json = json;
        this.clock = clock;
    }

    /** Whether {@code path} names an endpoint (so a method other than GET gets a 405, not a 404). */
    static boolean matches(List<String> path) {
        return endpoint(path) != null;
    }

    /**
     * Answers a GET of {@code path} with {@code parameters}; {@code prefix} is the raw path the segments were found
     * under, for the {@code Link} header.
     *
     * @throws ApiException for a bad parameter or an unknown job or run
     */
    Result get(String prefix, List<String> path, Map<String, String> parameters) {
        Endpoint endpoint = endpoint(path);
        if (endpoint == null) {
            throw new IllegalStateException("no endpoint at " + path);
        }
        if (endpoint != Endpoint.HISTORY && endpoint != Endpoint.OVERVIEW && !parameters.isEmpty()) {
            throw ApiException.badRequest("this endpoint takes no query parameters, but got " + parameters.keySet());
        }
        return switch (endpoint) {
            case JOBS -> {
                Map<String, String> jobs = knownJobs();
                yield new Result(out -> ApiJson.jobs(out, jobs));
            }
            case HISTORY -> history(prefix, path.get(1), parameters);
            case LATEST -> {
                ExecutionRecord latest = registry.findLatest(knownJob(prefix, path.get(1)))
                        .orElseThrow(() -> ApiException.notFound("Job '" + path.get(1) + "' has not run yet"));
                yield new Result(out -> json.run(out, latest));
            }
            case SUMMARY -> {
                JobSummary summary = registry.summarize(knownJob(prefix, path.get(1)));
                yield new Result(out -> ApiJson.summary(out, summary));
            }
            case EXECUTION -> {
                ExecutionRecord run = execution(path.get(1));
                yield new Result(out -> json.run(out, run));
            }
            case OVERVIEW -> new Result(overview(parameters));
        };
    }

    private Result history(String prefix, String jobId, Map<String, String> parameters) {
        HistoryQuery query = HistoryParameters.parse(parameters);
        HistoryPage page = registry.findPage(knownJob(prefix, jobId), query);
        Result result = new Result(out -> json.runs(out, page.records()));
        page.nextCursor().ifPresent(cursor -> {
            Map<String, String> next = new LinkedHashMap<>(parameters);
            next.put("cursor", cursor);
            StringBuilder link = new StringBuilder(prefix).append("/jobs/").append(UriCodec.encode(jobId))
                    .append("/history");
            char separator = '?';
            for (Map.Entry<String, String> parameter : next.entrySet()) {
                link.append(separator).append(parameter.getKey()).append('=')
                        .append(UriCodec.encode(parameter.getValue()));
                separator = '&';
            }
            result.headers.put("X-Next-Cursor", cursor);
            result.headers.put("Link", "<" + link + ">; rel=\"next\"");
        });
        return result;
    }

    /**
     * Every known job with its newest runs and summary, from one batch read: failing jobs first (longest failure
     * streak first), then jobs whose latest finished run partly failed, then the others, each group by job id.
     */
    private ApiJson.Body overview(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!name.equals("recent_runs")) {
                throw ApiException.badRequest("unknown query parameter '" + name + "'; allowed: recent_runs");
            }
        }
        int recentRuns = recentRuns(parameters.get("recent_runs"));
        Set<String> jobIds = new TreeSet<>(Ids::compareCodePoints);
        jobIds.addAll(configuredJobs.keySet());
        jobIds.addAll(registry.findJobIds());
        Map<String, JobOverview> found = new TreeMap<>(Ids::compareCodePoints);
        for (JobOverview overview : registry.findOverviews(jobIds, recentRuns)) {
            found.put(overview.jobId(), overview);
        }
        List<Row> rows = new ArrayList<>();
        for (String jobId : jobIds) {
            JobOverview overview = found.get(jobId);
            if (overview == null && !configuredJobs.containsKey(jobId)) {
                continue; // its history expired between the two reads
            }
            String name = configuredJobs.getOrDefault(jobId, overview == null ? jobId : overview.jobName());
            List<ExecutionRecord> recent = overview == null ? List.of() : overview.recentRuns();
            JobSummary summary = overview == null ? HistoryRules.summarize(jobId, List.of()) : overview.summary();
            rows.add(new Row(jobId, name, recent, summary));
        }
        rows.sort(Comparator.comparingInt(Row::tier)
                .thenComparing(row -> -row.summary.consecutiveFailures())
                .thenComparing(row -> row.jobId, Ids::compareCodePoints));
        String generatedAt = clock.instant().toString();
        return out -> {
            out.writeStartObject();
            out.writeStringField("generated_at", generatedAt);
            out.writeNumberField("recent_runs", recentRuns);
            out.writeArrayFieldStart("jobs");
            for (Row row : rows) {
                json.overviewRow(out, row.jobId, row.name, row.recent, row.summary);
            }
            out.writeEndArray();
            out.writeEndObject();
        };
    }

    private static int recentRuns(String value) {
        if (value == null) {
            return DEFAULT_RECENT_RUNS;
        }
        int runs;
        try {
            runs = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            runs = -1;
        }
        if (runs < 0 || runs > MAX_RECENT_RUNS) {
            throw ApiException.badRequest("recent_runs must be a whole number from 0 to " + MAX_RECENT_RUNS
                    + ", but was '" + value + "'");
        }
        return runs;
    }

    private ExecutionRecord execution(String executionId) {
        Optional<ExecutionRecord> run = executionId.isBlank() ? Optional.empty() : registry.findById(executionId);
        return run.orElseThrow(() -> ApiException.notFound("Unknown execution '" + executionId + "'"));
    }

    /** {@code jobId} if it is configured or has recorded runs; else a 404. */
    private String knownJob(String prefix, String jobId) {
        if (configuredJobs.containsKey(jobId) || (!jobId.isBlank() && registry.findLatest(jobId).isPresent())) {
            return jobId;
        }
        throw ApiException.notFound("Unknown job '" + jobId + "'; GET " + prefix + "/jobs lists the known jobs");
    }

    /**
     * The configured jobs and every job with recorded runs, by id; names from the configuration or the latest run,
     * read in one batch.
     */
    private Map<String, String> knownJobs() {
        Map<String, String> jobs = new TreeMap<>(configuredJobs);
        List<String> unnamed = new ArrayList<>();
        for (String jobId : registry.findJobIds()) {
            if (!jobs.containsKey(jobId)) {
                unnamed.add(jobId);
            }
        }
        if (!unnamed.isEmpty()) {
            for (JobOverview overview : registry.findOverviews(unnamed, 1)) {
                jobs.put(overview.jobId(), overview.jobName());
            }
        }
        return jobs;
    }

    private static Endpoint endpoint(List<String> path) {
        if (path.size() == 1) {
            return switch (path.get(0)) {
                case "jobs" -> Endpoint.JOBS;
                case "overview" -> Endpoint.OVERVIEW;
                default -> null;
            };
        }
        if (path.size() == 3 && path.get(0).equals("jobs")) {
            return switch (path.get(2)) {
                case "history" -> Endpoint.HISTORY;
                case "latest-execution" -> Endpoint.LATEST;
                case "summary" -> Endpoint.SUMMARY;
                default -> null;
            };
        }
        return path.size() == 2 && path.get(0).equals("executions") ? Endpoint.EXECUTION : null;
    }

    private enum Endpoint {
        JOBS, HISTORY, LATEST, SUMMARY, EXECUTION, OVERVIEW
    }

    private record Row(String jobId, String name, List<ExecutionRecord> recent, JobSummary summary) {
        /** 0: failing (a failure streak), 1: the latest finished run partly failed, 2: the others. */
        int tier() {
            if (summary.consecutiveFailures() > 0) {
                return 0;
            }
            for (ExecutionRecord run : recent) {
                if (run.isFinished()) {
                    return run.status() == ExecutionStatus.PARTIAL_SUCCESS ? 1 : 2;
                }
            }
            return 2;
        }
    }

    /** A JSON body and extra headers. */
    static final class Result {
        final ApiJson.Body body;
        final Map<String, String> headers = new TreeMap<>();

        Result(ApiJson.Body body) {
            this.body = body;
        }
    }
}
