package io.jobhistory.spi;

import io.jobhistory.internal.Ids;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The base of every backend: its public methods check their input, hand the backend records in their
 * {@linkplain RecordRules#storedForm stored form}, and return what it reads {@linkplain RecordRules#seenAt seen at}
 * the registry's clock, so a backend implements only storage and cannot get those rules wrong. The contract suite in
 * {@code history-test-support} checks the rest.
 */
public abstract class AbstractExecutionHistoryRegistry implements ExecutionHistoryRegistry {

    private final Clock clock;

    /** @param clock the clock that abandoned runs (and, in memory, expiry) are judged by */
    protected AbstractExecutionHistoryRegistry(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** The registry's clock. */
    protected final Clock clock() {
        return clock;
    }

    @Override
    public final void save(ExecutionRecord record) {
        store(RecordRules.storedForm(Objects.requireNonNull(record, "record must not be null")));
    }

    @Override
    public final void saveAll(Collection<ExecutionRecord> records) {
        Objects.requireNonNull(records, "records must not be null");
        List<ExecutionRecord> stored = new ArrayList<>(records.size());
        int i = 0;
        for (ExecutionRecord record : records) {
            if (record == null) {
                throw new NullPointerException("records must not contain null, but element " + i + " is null");
            }
            stored.add(RecordRules.storedForm(record));
            i++;
        }
        if (!stored.isEmpty()) {
            storeAll(stored);
        }
    }

    @Override
    public final Optional<ExecutionRecord> findById(String executionId) {
        Ids.requireValid(executionId, "executionId");
        Instant now = clock.instant();
        return load(executionId).map(r -> RecordRules.seenAt(r, now));
    }

    @Override
    public final Optional<ExecutionRecord> findLatest(String jobId) {
        Ids.requireValid(jobId, "jobId");
        Instant now = clock.instant();
        return loadLatest(jobId).map(r -> RecordRules.seenAt(r, now));
    }

    @Override
    public final HistoryPage findPage(String jobId, HistoryQuery query) {
        Ids.requireValid(jobId, "jobId");
        Objects.requireNonNull(query, "query must not be null");
        Instant now = clock.instant();
        int wanted = query.limit() == Integer.MAX_VALUE ? Integer.MAX_VALUE : query.limit() + 1;
        List<ExecutionRecord> matching = loadMatching(jobId, query, wanted, now);
        List<ExecutionRecord> seen = new ArrayList<>(matching.size());
        for (ExecutionRecord record : matching) {
            seen.add(RecordRules.seenAt(record, now));
        }
        return HistoryRules.page(seen, query);
    }

    @Override
    public final int deleteHistory(String jobId) {
        return delete(Ids.requireValid(jobId, "jobId"));
    }

    @Override
    public final boolean deleteRun(String jobId, String executionId) {
        return deleteRecord(Ids.requireValid(jobId, "jobId"), Ids.requireValid(executionId, "executionId"));
    }

    @Override
    public final Optional<JobRecord> findJobRecord(String jobId) {
        List<JobRecord> found = findJobRecords(List.of(Ids.requireValid(jobId, "jobId")));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public final List<JobRecord> findJobRecords(Collection<String> jobIds) {
        Objects.requireNonNull(jobIds, "jobIds must not be null");
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String jobId : jobIds) {
            ids.add(Ids.requireValid(jobId, "jobId"));
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<JobRecord> records = new ArrayList<>();
        for (JobRecord record : loadJobRecords(List.copyOf(ids))) {
            ExecutionRecord last = record.lastRun().orElse(null);
            ExecutionRecord seen = last == null ? null : RecordRules.seenAt(last, now);
            records.add(seen == last ? record : record.toBuilder().lastRun(seen).build());
        }
        return records;
    }

    @Override
    public final JobStatistics findStatistics(String jobId, Instant from, Instant to,
                                              JobStatistics.Granularity granularity) {
        Ids.requireValid(jobId, "jobId");
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        Objects.requireNonNull(granularity, "granularity must not be null");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("statistics of job '" + jobId + "': to " + to + " is before from "
                    + from);
        }
        Instant first = granularity.periodOf(from);
        List<JobStatistics.Period> periods = new ArrayList<>();
        for (JobStatistics.Period period : loadStatistics(jobId, granularity, first, to)) {
            if (!period.start().isBefore(first) && period.start().isBefore(to)) {
                periods.add(period);
            }
        }
        periods.sort(Comparator.comparing(JobStatistics.Period::start));
        return new JobStatistics(jobId, granularity, periods);
    }

    @Override
    public final List<JobOverview> findOverviews(Collection<String> jobIds, int recentRuns) {
        Objects.requireNonNull(jobIds, "jobIds must not be null");
        if (recentRuns < 0 || recentRuns > MAX_RECENT_RUNS) {
            throw new IllegalArgumentException("recentRuns must be within 0 and " + MAX_RECENT_RUNS + ", but was "
                    + recentRuns);
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String jobId : jobIds) {
            ids.add(Ids.requireValid(jobId, "jobId"));
        }
        return ids.isEmpty() ? List.of() : loadOverviews(List.copyOf(ids), recentRuns);
    }

    /** Saves one record, already in its stored form, as {@link #save} describes. */
    protected abstract void store(ExecutionRecord record);

    /**
     * Saves records, already in their stored form, in order, as {@link #saveAll} describes. The default stores them
     * one by one; a backend that can send them together overrides this.
     */
    protected void storeAll(List<ExecutionRecord> records) {
        for (ExecutionRecord record : records) {
            store(record);
        }
    }

    /** The stored record with this (valid) execution id, if retained. */
    protected abstract Optional<ExecutionRecord> load(String executionId);

    /** The stored record of the job's newest run, if any. */
    protected abstract Optional<ExecutionRecord> loadLatest(String jobId);

    /**
     * Up to {@code wanted} of the job's retained records, newest first, that match {@code query} once seen at
     * {@code now} (test them with {@link HistoryRules#matcher} on {@link RecordRules#seenAt}); the base pages them.
     */
    protected abstract List<ExecutionRecord> loadMatching(String jobId, HistoryQuery query, int wanted, Instant now);

    /** Deletes the job's retained runs and returns how many there were. */
    protected abstract int delete(String jobId);

    /**
     * Deletes one retained run of the job (both ids valid) and returns whether it was there; a record of that id
     * under another job is left alone.
     */
    protected abstract boolean deleteRecord(String jobId, String executionId);

    /** The stored job records of {@code jobIds} (valid, distinct, not empty) that have one, in the order given. */
    protected abstract List<JobRecord> loadJobRecords(List<String> jobIds);

    /**
     * The job's stored periods of {@code granularity} that begin at or after {@code from} and before {@code to}, in
     * any order (the base sorts them and drops any outside the range).
     */
    protected abstract List<JobStatistics.Period> loadStatistics(String jobId, JobStatistics.Granularity granularity,
                                                                 Instant from, Instant to);

    /**
     * The overviews of {@code jobIds} (valid, distinct, not empty), as {@link #findOverviews} describes. The default
     * reads each job's history once; a backend that can read many jobs together overrides this.
     */
    protected List<JobOverview> loadOverviews(List<String> jobIds, int recentRuns) {
        List<JobOverview> overviews = new ArrayList<>();
        for (String jobId : jobIds) {
            HistoryRules.overview(jobId, findPage(jobId, HistoryQuery.all()).records(), recentRuns)
                    .ifPresent(overviews::add);
        }
        return overviews;
    }
}
