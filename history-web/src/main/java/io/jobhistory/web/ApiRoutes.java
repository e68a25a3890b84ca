package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
import io.jobhistory.JobRecord;
import io.jobhistory.JobSummary;
import io.jobhistory.spi.HistoryRules;
import io.jobhistory.internal.Ids;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

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
    /** Jobs on one overview page when the request does not say. */
    static final int DEFAULT_OVERVIEW_LIMIT = 100;
    /** The most jobs one overview page may ask for. */
    static final int MAX_OVERVIEW_LIMIT = 500;
    /** About how many recent runs one registry read of the overview holds: it reads this many / recent_runs jobs. */
    private static final int RECORDS_PER_READ = 200;
    /** The most job records one registry read asks for. */
    private static final int JOB_RECORDS_PER_READ = 500;
    /** The most jobs one registry read of the overview asks for. */
    private static final int MAX_JOBS_PER_READ = 20;

    private static final Set<String> OVERVIEW_PARAMETERS = Set.of("recent_runs", "limit", "cursor");

    private final ExecutionHistoryRegistry registry;
    private final Map<String, String> configuredJobs;
    private final ApiJson json;
    private final Clock clock;
    /** This instance's count of runs that did not happen, by job; null when not given. */
    private final ToLongFunction<String> notRunCounts;
    private final JobRecordRoutes jobRecords;

    ApiRoutes(ExecutionHistoryRegistry registry, Map<String, String> configuredJobs, ApiJson json, Clock clock,
              ToLongFunction<String> notRunCounts) {
        this.registry = registry;
        this.configuredJobs = configuredJobs;
        this.json = json;
        this.clock = clock;
        this.notRunCounts = notRunCounts;
        this.jobRecords = new JobRecordRoutes(registry, json, clock);
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
        if (endpoint != Endpoint.HISTORY && endpoint != Endpoint.OVERVIEW && endpoint != Endpoint.STATISTICS
                && !parameters.isEmpty()) {
            throw ApiException.badRequest("this endpoint takes no query parameters, but got " + parameters.keySet());
        }
        return switch (endpoint) {
            case JOBS -> {
                Map<String, String> jobs = knownJobs();
                yield Result.of(out -> ApiJson.jobs(out, jobs));
            }
            case HISTORY -> history(prefix, path.get(1), parameters);
            case LATEST -> {
                ExecutionRecord latest = registry.findLatest(knownJob(prefix, path.get(1)))
                        .orElseThrow(() -> ApiException.notFound("Job '" + path.get(1) + "' has not run yet"));
                yield Result.of(out -> json.run(out, latest));
            }
            case SUMMARY -> {
                JobSummary summary = registry.summarize(knownJob(prefix, path.get(1)));
                OptionalLong notRun = notRunCounts == null ? OptionalLong.empty()
                        : OptionalLong.of(notRunCounts.applyAsLong(summary.jobId()));
                yield Result.of(out -> ApiJson.summary(out, summary, notRun));
            }
            case EXECUTION -> {
                ExecutionRecord run = execution(path.get(1));
                yield Result.of(out -> json.run(out, run));
            }
            case OVERVIEW -> overview(prefix, parameters);
            case RECORD -> Result.of(jobRecords.record(knownJob(prefix, path.get(1))));
            case STATISTICS -> Result.of(jobRecords.statistics(knownJob(prefix, path.get(1)), parameters));
        };
    }

    private Result history(String prefix, String jobId, Map<String, String> parameters) {
        HistoryQuery query = HistoryParameters.parse(parameters);
        String node = NodeHistory.parse(parameters.get("node"));
        String job = knownJob(prefix, jobId);
        HistoryPage page = node == null ? registry.findPage(job, query)
                : NodeHistory.findPage(registry, job, query, node);
        List<ApiJson.Body> parts = new ArrayList<>(page.records().size() + 2);
        parts.add(JsonGeneratorSteps.START_ARRAY);
        for (ExecutionRecord run : page.records()) {
            parts.add(out -> json.run(out, run));
        }
        parts.add(JsonGeneratorSteps.END_ARRAY);
        Result result = new Result(parts.iterator());
        page.nextCursor().ifPresent(cursor -> result.next(prefix + "/jobs/" + UriCodec.encode(jobId) + "/history",
                parameters, cursor));
        return result;
    }

    /**
     * One page of known jobs, in job id order (by code point), each with its newest runs and summary. The page's
     * jobs are read from the registry a few at a time while the answer is sent, so a connection holds only a chunk.
     */
    private Result overview(String prefix, Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!OVERVIEW_PARAMETERS.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name
                        + "'; allowed: recent_runs, limit, cursor");
            }
        }
        int recentRuns = recentRuns(parameters.get("recent_runs"));
        int limit = overviewLimit(parameters.get("limit"));
        String after = parameters.containsKey("cursor") ? JobCursor.decode(parameters.get("cursor")) : null;
        TreeSet<String> allJobs = new TreeSet<>(Ids::compareCodePoints);
        allJobs.addAll(configuredJobs.keySet());
        allJobs.addAll(registry.findJobIds());
        List<String> pageJobs = new ArrayList<>(limit);
        for (String jobId : after == null ? allJobs : allJobs.tailSet(after, false)) {
            if (pageJobs.size() == limit) {
                break;
            }
            pageJobs.add(jobId);
        }
        boolean more = !pageJobs.isEmpty() && allJobs.higher(pageJobs.get(pageJobs.size() - 1)) != null;
        String nextCursor = more ? JobCursor.encode(pageJobs.get(pageJobs.size() - 1)) : null;
        String generatedAt = clock.instant().toString();
        OverviewRows rows = new OverviewRows(pageJobs, recentRuns);
        List<ApiJson.Body> head = List.of(out -> {
            out.writeStartObject();
            out.writeStringField("generated_at", generatedAt);
            out.writeNumberField("recent_runs", recentRuns);
            out.writeNumberField("limit", limit);
            out.writeStringField("next_cursor", nextCursor);
            out.writeArrayFieldStart("jobs");
        });
        List<ApiJson.Body> tail = List.of(out -> {
            out.writeEndArray();
            out.writeEndObject();
        });
        rows.readFirst(); // a store that fails here still gets a 500, before anything is sent
        Result result = new Result(JsonGeneratorSteps.concat(head.iterator(), rows, tail.iterator()));
        if (nextCursor != null) {
            result.next(prefix + "/overview", parameters, nextCursor);
        }
        return result;
    }

    /** The overview rows of a page's jobs, read {@link #chunkSize} jobs at a time as they are written. */
    private final class OverviewRows implements Iterator<ApiJson.Body> {
        private final List<String> jobIds;
        private final int recentRuns;
        private final int chunkSize;
        private int next;
        private List<ApiJson.Body> chunk;

        OverviewRows(List<String> jobIds, int recentRuns) {
            this.jobIds = jobIds;
            this.recentRuns = recentRuns;
            this.chunkSize = Math.max(1, Math.min(MAX_JOBS_PER_READ, RECORDS_PER_READ / Math.max(1, recentRuns)));
        }

        void readFirst() {
            if (chunk == null && next < jobIds.size()) {
                chunk = read();
            }
        }

        @Override
        public boolean hasNext() {
            return chunk != null || next < jobIds.size();
        }

        @Override
        public ApiJson.Body next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<ApiJson.Body> rows = chunk != null ? chunk : read();
            chunk = null;
            return out -> {
                for (ApiJson.Body row : rows) {
                    row.write(out);
                }
            };
        }

        private List<ApiJson.Body> read() {
            List<String> ids = jobIds.subList(next, Math.min(jobIds.size(), next + chunkSize));
            next += ids.size();
            Map<String, JobOverview> found = new HashMap<>();
            for (JobOverview overview : registry.findOverviews(ids, recentRuns)) {
                found.put(overview.jobId(), overview);
            }
            List<ApiJson.Body> rows = new ArrayList<>(ids.size());
            for (String jobId : ids) {
                JobOverview overview = found.get(jobId);
                if (overview == null && !configuredJobs.containsKey(jobId)) {
                    continue; // its history expired between the two reads
                }
                String name = configuredJobs.getOrDefault(jobId, overview == null ? jobId : overview.jobName());
                List<ExecutionRecord> recent = overview == null ? List.of() : overview.recentRuns();
                JobSummary summary = overview == null ? HistoryRules.summarize(jobId, List.of()) : overview.summary();
                ApiJson.OverviewRow row = ApiJson.OverviewRow.of(jobId, name, recent, summary);
                rows.add(out -> json.overviewRow(out, row));
            }
            return rows;
        }
    }

    private static int overviewLimit(String value) {
        if (value == null) {
            return DEFAULT_OVERVIEW_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_OVERVIEW_LIMIT) {
            throw ApiException.badRequest("limit must be a whole number of jobs from 1 to " + MAX_OVERVIEW_LIMIT
                    + ", but was '" + value + "'");
        }
        return limit;
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
     * The configured jobs and every job with recorded runs, by id; names from the configuration, the job record, or
     * (for a job whose runs an older version saved) its latest run, read a few jobs at a time.
     */
    private Map<String, String> knownJobs() {
        Map<String, String> jobs = new TreeMap<>(configuredJobs);
        List<String> unnamed = new ArrayList<>();
        for (String jobId : registry.findJobIds()) {
            if (!jobs.containsKey(jobId)) {
                unnamed.add(jobId);
            }
        }
        List<String> withoutRecord = new ArrayList<>();
        for (int from = 0; from < unnamed.size(); from += JOB_RECORDS_PER_READ) {
            List<String> chunk = unnamed.subList(from, Math.min(unnamed.size(), from + JOB_RECORDS_PER_READ));
            Set<String> named = new java.util.HashSet<>();
            for (JobRecord record : registry.findJobRecords(chunk)) {
                jobs.put(record.jobId(), record.jobName());
                named.add(record.jobId());
            }
            for (String jobId : chunk) {
                if (!named.contains(jobId)) {
                    withoutRecord.add(jobId);
                }
            }
        }
        // a few jobs per read: an overview reads the job's retained runs, and only the name is kept
        for (int from = 0; from < withoutRecord.size(); from += MAX_JOBS_PER_READ) {
            List<String> chunk = withoutRecord.subList(from, Math.min(withoutRecord.size(), from + MAX_JOBS_PER_READ));
            for (JobOverview overview : registry.findOverviews(chunk, 1)) {
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
                case "record" -> Endpoint.RECORD;
                case "statistics" -> Endpoint.STATISTICS;
                default -> null;
            };
        }
        return path.size() == 2 && path.get(0).equals("executions") ? Endpoint.EXECUTION : null;
    }

    private enum Endpoint {
        JOBS, HISTORY, LATEST, SUMMARY, EXECUTION, OVERVIEW, RECORD, STATISTICS
    }

    /** A JSON body, made in parts as it is sent, and extra headers. */
    static final class Result {
        final Iterator<ApiJson.Body> parts;
        final Map<String, String> headers = new TreeMap<>();

        Result(Iterator<ApiJson.Body> parts) {
            this.parts = parts;
        }

        static Result of(ApiJson.Body body) {
            return new Result(List.of(body).iterator());
        }

        /** Names the next page: {@code X-Next-Cursor}, and {@code Link} to {@code path} with the same parameters. */
        void next(String path, Map<String, String> parameters, String cursor) {
            Map<String, String> next = new LinkedHashMap<>(parameters);
            next.put("cursor", cursor);
            StringBuilder link = new StringBuilder(path);
            char separator = '?';
            for (Map.Entry<String, String> parameter : next.entrySet()) {
                link.append(separator).append(parameter.getKey()).append('=')
                        .append(UriCodec.encode(parameter.getValue()));
                separator = '&';
            }
            headers.put("X-Next-Cursor", cursor);
            headers.put("Link", "<" + link + ">; rel=\"next\"");
        }
    }
}
