package io.jobhistory;

import io.jobhistory.internal.Summaries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where execution records are kept: what an application reads history from, and the storage SPI every backend
 * implements (by extending {@link io.jobhistory.spi.AbstractExecutionHistoryRegistry}, which applies the rules below that need no
 * storage).
 *
 * <h2>Rules every implementation follows</h2>
 * <ul>
 *   <li><b>Save is an upsert.</b> {@link #save} inserts a record, or replaces the record with the same execution id,
 *       so a run saved as {@code running} can be saved again when it finishes. A finished record is final: saving a
 *       {@code running} (or {@code abandoned}) record over it changes nothing. An {@code abandoned} record is stored
 *       as running with its deadline, since abandoned is derived on read.</li>
 *   <li><b>Order.</b> History is newest first by start time; runs that started in the same millisecond are ordered
 *       by execution id, descending ({@link ExecutionRecord#NEWEST_FIRST}).</li>
 *   <li><b>Retention.</b> Each job keeps its newest runs by start time, up to a per-backend cap (100 by default);
 *       saving a run beyond the cap removes the oldest. A record also expires after a time to live (30 days by
 *       default) counted from its last save. Expired and removed runs are never returned, by any method.</li>
 *   <li><b>Reading.</b> A running record read after its heartbeat deadline reads as {@code abandoned}, also for the
 *       status filter. A {@code skipped} record is returned like any other run, by history and by
 *       {@link #findLatest}.</li>
 *   <li><b>Isolation.</b> Job ids and execution ids are arbitrary non-blank strings (colons, braces, {@code *},
 *       spaces, any Unicode; {@link ExecutionRecord} refuses unpaired surrogates, which have no UTF-8 form). No id
 *       ever reads or changes another job's history.</li>
 *   <li><b>Bad input</b> ({@code null} or blank ids, a bad query) fails with {@link NullPointerException} or
 *       {@link IllegalArgumentException} before anything is stored; what was recorded stays intact.</li>
 *   <li><b>Threads.</b> Implementations are safe for concurrent use by any number of threads (and, for shared
 *       stores, processes): concurrent saves of runs of the same job lose nothing.</li>
 *   <li><b>Failure.</b> A call never blocks indefinitely. A backend that talks to a server bounds every call with a
 *       timeout and reports failures as unchecked exceptions: a read either returns what is stored or throws, never
 *       less than what is stored. The recorder turns failed saves into log lines, never into a failed job.</li>
 * </ul>
 *
 * <p>{@code io.jobhistory.testkit.ExecutionHistoryRegistryContract} in {@code history-test-support} checks all of
 * this; a backend's test extends it in a few lines.
 */
public interface ExecutionHistoryRegistry extends AutoCloseable {

    /** The most runs {@link #findOverviews} returns per job. */
    int MAX_RECENT_RUNS = 100;

    /**
     * Inserts {@code record}, or replaces the stored record with the same execution id (unless that one is
     * finished and {@code record} is running), then applies retention to its job.
     *
     * @throws NullPointerException if {@code record} is null
     * @throws RuntimeException     if the store fails; nothing is partially written where the backend can avoid it
     */
    void save(ExecutionRecord record);

    /**
     * Saves each record as {@link #save} would, in order. A backend may send them together; the default saves one by
     * one and stops at the first failure.
     *
     * @throws NullPointerException if {@code records} is or holds null (then nothing is saved)
     * @throws RuntimeException     if the store fails; records before the failing one may be saved
     */
    default void saveAll(Collection<ExecutionRecord> records) {
        List<ExecutionRecord> copy = List.copyOf(Objects.requireNonNull(records, "records must not be null"));
        for (ExecutionRecord record : copy) {
            save(record);
        }
    }

    /** The run with this execution id, if it is retained. */
    Optional<ExecutionRecord> findById(String executionId);

    /** The job's most recent run by start time (running and skipped ones included), if it has any. */
    Optional<ExecutionRecord> findLatest(String jobId);

    /**
     * A page of the job's history, newest first, as {@code query} asks; pass the page's
     * {@link HistoryPage#nextCursor()} to the next query to read on. An unknown job has an empty page.
     */
    HistoryPage findPage(String jobId, HistoryQuery query);

    /** The job's newest {@value HistoryQuery#DEFAULT_LIMIT} runs, newest first. */
    default List<ExecutionRecord> findHistory(String jobId) {
        return findPage(jobId, HistoryQuery.defaults()).records();
    }

    /**
     * The job's newest {@code limit} runs, newest first.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    default List<ExecutionRecord> findHistory(String jobId, int limit) {
        return findPage(jobId, HistoryQuery.latest(limit)).records();
    }

    /**
     * The job's newest {@code limit} runs with {@code status}, newest first.
     *
     * @throws NullPointerException     if {@code status} is null (use {@link #findHistory(String, int)} for any)
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    default List<ExecutionRecord> findHistory(String jobId, int limit, ExecutionStatus status) {
        Objects.requireNonNull(status, "status must not be null; use findHistory(jobId, limit) for any status");
        return findPage(jobId, HistoryQuery.builder().limit(limit).status(status).build()).records();
    }

    /** Ids of the jobs that have at least one retained run, in no particular order. */
    Set<String> findJobIds();

    /**
     * Deletes every retained run of the job.
     *
     * @return how many runs were deleted
     */
    int deleteHistory(String jobId);

    /**
     * Deletes one run of the job, such as a run that turned out not to happen ({@code RunContext.notRun}). A later save
     * of the same execution id stores it again.
     *
     * @return whether the run was retained
     * @throws IllegalArgumentException if an id is not valid
     */
    boolean deleteRun(String jobId, String executionId);

    /** Statistics over the job's retained runs. The default reads all of them with one history query. */
    default JobSummary summarize(String jobId) {
        return Summaries.summarize(jobId, findPage(jobId, HistoryQuery.all()).records());
    }

    /**
     * Many jobs at a glance, for a dashboard: for each of {@code jobIds} that has a retained run, in the order given
     * (duplicates once), its newest {@code recentRuns} runs and the summary of all its retained runs. The default
     * reads each job's history once; backends may answer in fewer round trips.
     *
     * @throws NullPointerException     if {@code jobIds} is or holds null
     * @throws IllegalArgumentException if an id is invalid or {@code recentRuns} is not within 0 to
     *                                  {@value #MAX_RECENT_RUNS}
     */
    default List<JobOverview> findOverviews(Collection<String> jobIds, int recentRuns) {
        Objects.requireNonNull(jobIds, "jobIds must not be null");
        if (recentRuns < 0 || recentRuns > MAX_RECENT_RUNS) {
            throw new IllegalArgumentException("recentRuns must be within 0 and " + MAX_RECENT_RUNS + ", but was "
                    + recentRuns);
        }
        List<JobOverview> overviews = new ArrayList<>();
        for (String jobId : new LinkedHashSet<>(jobIds)) {
            Summaries.overview(jobId, findPage(jobId, HistoryQuery.all()).records(), recentRuns)
                    .ifPresent(overviews::add);
        }
        return overviews;
    }

    /**
     * The job's own record, kept up to date by every save: its newest run, last error, last success and failure, and
     * counts of finished runs. Empty if none of its runs was saved since job records began to be kept (a version
     * before 0.2), or its history was deleted.
     *
     * @throws IllegalArgumentException if {@code jobId} is not valid
     */
    Optional<JobRecord> findJobRecord(String jobId);

    /**
     * The job records of {@code jobIds} that have one, in the order given (duplicates once), in as few round trips as
     * the backend can.
     *
     * @throws NullPointerException     if {@code jobIds} is or holds null
     * @throws IllegalArgumentException if an id is not valid
     */
    List<JobRecord> findJobRecords(Collection<String> jobIds);

    /**
     * The job's statistics by hour or by day for the periods that begin from the one holding {@code from} up to
     * {@code to} (exclusive), oldest first; periods without a run are left out. Hours are kept for the last
     * {@value JobStatistics#HOURS_KEPT} hours and days for the time to live; older periods are gone.
     *
     * @throws IllegalArgumentException if {@code jobId} is not valid or {@code to} is before {@code from}
     */
    JobStatistics findStatistics(String jobId, Instant from, Instant to, JobStatistics.Granularity granularity);

    /** Releases what the registry owns (connections it created). The default does nothing. */
    @Override
    default void close() {
    }
}
