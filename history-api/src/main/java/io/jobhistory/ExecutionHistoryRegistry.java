package io.jobhistory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where execution records are kept: the storage SPI that every backend implements.
 *
 * <h2>Rules every implementation follows</h2>
 * <ul>
 *   <li><b>Save is an upsert.</b> {@link #save} inserts a record, or replaces the record with the same execution id,
 *       so a run saved as {@code running} can be saved again when it finishes. A finished record is final: saving a
 *       {@code running} (or {@code abandoned}) record over it changes nothing. An {@code abandoned} record is stored
 *       in its {@linkplain ExecutionRecord#toStoredForm() stored form}, as running with its deadline.</li>
 *   <li><b>Order.</b> History is newest first by start time; runs that started in the same millisecond are ordered
 *       by execution id, descending ({@link ExecutionRecord#NEWEST_FIRST}).</li>
 *   <li><b>Retention.</b> Each job keeps its newest runs by start time, up to a per-backend cap (100 by default);
 *       saving a run beyond the cap removes the oldest. A record also expires after a time to live (30 days by
 *       default) counted from its last save. Expired and removed runs are never returned, by any method.</li>
 *   <li><b>Reading.</b> Every record returned is {@linkplain ExecutionRecord#asSeenAt seen at} the backend's clock:
 *       a running record past its heartbeat deadline reads as {@code abandoned}, also for the status filter.</li>
 *   <li><b>Isolation.</b> Job ids and execution ids are arbitrary non-blank strings (colons, braces, {@code *},
 *       spaces, any Unicode; {@link ExecutionRecord} refuses unpaired surrogates, which have no UTF-8 form). No id ever reads or changes another job's history.</li>
 *   <li><b>Bad input</b> ({@code null} or blank ids, a bad query) fails with {@link NullPointerException} or
 *       {@link IllegalArgumentException} before anything is stored; what was recorded stays intact.</li>
 *   <li><b>Threads.</b> Implementations are safe for concurrent use by any number of threads (and, for shared
 *       stores, processes): concurrent saves of runs of the same job lose nothing.</li>
 *   <li><b>Time.</b> A call never blocks indefinitely. A backend that talks to a server bounds every call with a
 *       timeout and reports failures as unchecked exceptions; the recorder turns those into log lines, never into a
 *       failed job.</li>
 * </ul>
 *
 * <p>{@code io.jobhistory.testkit.ExecutionHistoryRegistryContract} in {@code history-test-support} checks all of
 * this; a backend's test extends it in a few lines.
 */
public interface ExecutionHistoryRegistry {

    /**
     * Inserts {@code record}, or replaces the stored record with the same execution id (unless that one is
     * finished and {@code record} is running), then applies retention to its job.
     *
     * @throws NullPointerException if {@code record} is null
     * @throws RuntimeException     if the store fails; nothing is partially written where the backend can avoid it
     */
    void save(ExecutionRecord record);

    /** The run with this execution id, if it is retained. */
    Optional<ExecutionRecord> findById(String executionId);

    /** The job's most recent run by start time (running ones included), if it has any. */
    Optional<ExecutionRecord> findLatest(String jobId);

    /** A page of the job's history, newest first, as {@code query} asks. An unknown job has an empty page. */
    HistoryPage findHistory(String jobId, HistoryQuery query);

    /** The job's newest {@value HistoryQuery#DEFAULT_LIMIT} runs, newest first. */
    default List<ExecutionRecord> findHistory(String jobId) {
        return findHistory(jobId, HistoryQuery.defaults()).records();
    }

    /**
     * The job's newest {@code limit} runs, newest first.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    default List<ExecutionRecord> findHistory(String jobId, int limit) {
        return findHistory(jobId, HistoryQuery.latest(limit)).records();
    }

    /**
     * The job's newest {@code limit} runs with {@code status}, newest first.
     *
     * @throws NullPointerException     if {@code status} is null (use {@link #findHistory(String, int)} for any)
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    default List<ExecutionRecord> findHistory(String jobId, int limit, ExecutionStatus status) {
        Objects.requireNonNull(status, "status must not be null; use findHistory(jobId, limit) for any status");
        return findHistory(jobId, HistoryQuery.builder().limit(limit).status(status).build()).records();
    }

    /** Ids of the jobs that have at least one retained run, in no particular order. */
    Set<String> findJobIds();

    /**
     * Deletes every retained run of the job.
     *
     * @return how many runs were deleted
     */
    int deleteHistory(String jobId);

    /** Statistics over the job's retained runs. The default reads all of them with one history query. */
    default JobSummary summarize(String jobId) {
        return JobSummary.of(jobId, findHistory(jobId, HistoryQuery.all()).records());
    }
}
