package io.jobhistory.inmemory;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobRecord;
import io.jobhistory.JobRetention;
import io.jobhistory.JobStatistics;
import io.jobhistory.spi.AbstractExecutionHistoryRegistry;
import io.jobhistory.spi.HistoryRules;
import io.jobhistory.spi.JobRecordRules;
import io.jobhistory.spi.RecordRules;
import io.jobhistory.spi.Retention;


import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An {@link io.jobhistory.ExecutionHistoryRegistry} that keeps history in this JVM's memory: for host applications' unit tests and
 * for small applications that need no history across restarts. Same semantics as every other backend: the newest
 * {@code maxRunsPerJob} runs per job by start time, each expiring {@code timeToLive} after its last save as measured
 * by the injected {@link Clock}.
 *
 * <pre>{@code
 * ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
 * }</pre>
 *
 * <p>Thread-safe: each job's history has its own lock, so jobs never wait for each other; the latest run of a job is
 * read in constant time. Memory is bounded by jobs × {@code maxRunsPerJob} records; expired records are dropped when
 * their job is next written or read, and {@link #purgeExpired()} drops all of them at once.
 */
public final class InMemoryExecutionHistoryRegistry extends AbstractExecutionHistoryRegistry {

    /** Default number of runs kept per job: 100. */
    public static final int DEFAULT_MAX_RUNS_PER_JOB = Retention.DEFAULT_MAX_RUNS_PER_JOB;
    /** Default time a record is kept after its last save: 30 days. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Retention.DEFAULT_TIME_TO_LIVE;

    private final int maxRunsPerJob;
    private final Duration timeToLive;
    private final Function<String, JobRetention> retention;
    private final ConcurrentMap<String, JobRuns> jobs = new ConcurrentHashMap<>();
    /** Execution id to the job holding it; the record itself lives in that job's {@link JobRuns}. */
    private final ConcurrentMap<String, String> jobOfExecution = new ConcurrentHashMap<>();

    private InMemoryExecutionHistoryRegistry(Builder b) {
        super(b.clock);
        this.maxRunsPerJob = b.maxRunsPerJob;
        this.timeToLive = b.timeToLive;
        JobRetention all = new JobRetention(b.maxRunsPerJob, b.maxFailuresPerJob, b.timeToLive);
        this.retention = b.retention == null ? jobId -> all : b.retention;
    }

    /** A registry with the defaults: 100 runs per job, 30 days, the system clock. */
    public static InMemoryExecutionHistoryRegistry create() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void store(ExecutionRecord record) {
        String executionId = record.executionId();
        String jobId = record.jobId();
        Instant now = clock().instant();
        String previousJob = jobOfExecution.get(executionId);
        ExecutionRecord movedFrom = null;
        if (previousJob != null && !previousJob.equals(jobId)) {
            JobRuns previous = jobs.get(previousJob);
            if (previous != null) {
                synchronized (previous) {
                    Entry old = previous.find(executionId);
                    if (old != null && RecordRules.isRefused(old.record, record)) {
                        return;
                    }
                    if (old != null && !old.expired(now)) {
                        movedFrom = old.record;
                    }
                    previous.remove(executionId);
                }
            }
        }
        while (true) {
            JobRuns runs = jobs.computeIfAbsent(jobId, id -> new JobRuns(retention.apply(id)));
            synchronized (runs) {
                if (runs.removed) {
                    continue; // deleted concurrently; go again with a fresh one
                }
                runs.purge(now, this);
                Entry existing = runs.find(executionId);
                if (existing != null && RecordRules.isRefused(existing.record, record)) {
                    return;
                }
                if (existing == null) {
                    jobOfExecution.put(executionId, jobId);
                }
                runs.put(new Entry(record, now.plus(runs.retention.timeToLive())));
                boolean firstFinish = JobRecordRules.isFirstFinish(existing != null ? existing.record : movedFrom,
                        record);
                runs.jobRecord = JobRecordRules.apply(runs.jobRecord, record, firstFinish);
                if (firstFinish) {
                    runs.count(record, now);
                }
                for (Entry trimmed : runs.trim()) {
                    jobOfExecution.remove(trimmed.record.executionId(), jobId);
                }
                return;
            }
        }
    }

    @Override
    protected Optional<ExecutionRecord> load(String executionId) {
        String jobId = jobOfExecution.get(executionId);
        JobRuns runs = jobId == null ? null : jobs.get(jobId);
        if (runs == null) {
            return Optional.empty();
        }
        Instant now = clock().instant();
        synchronized (runs) {
            Entry entry = runs.find(executionId);
            return entry == null || entry.expired(now) ? Optional.empty() : Optional.of(entry.record);
        }
    }

    @Override
    protected Optional<ExecutionRecord> loadLatest(String jobId) {
        JobRuns runs = jobs.get(jobId);
        if (runs == null) {
            return Optional.empty();
        }
        Instant now = clock().instant();
        synchronized (runs) {
            runs.purge(now, this);
            return runs.size() == 0 ? Optional.empty() : Optional.of(runs.newest().record);
        }
    }

    @Override
    protected List<ExecutionRecord> loadMatching(String jobId, HistoryQuery query, int wanted, Instant now) {
        JobRuns runs = jobs.get(jobId);
        if (runs == null) {
            return List.of();
        }
        Predicate<ExecutionRecord> matches = HistoryRules.matcher(query);
        List<ExecutionRecord> matching = new ArrayList<>(Math.min(wanted, runs.size()));
        synchronized (runs) {
            runs.purge(now, this);
            // past the run cap only failed runs are kept, and only a failed filter reads them
            int end = query.status().orElse(null) == ExecutionStatus.FAILED ? runs.size() : runs.capped();
            for (int i = 0; i < end && matching.size() < wanted; i++) {
                ExecutionRecord seen = RecordRules.seenAt(runs.get(i).record, now);
                if (matches.test(seen)) {
                    matching.add(seen);
                }
            }
        }
        return matching;
    }

    @Override
    public Set<String> findJobIds() {
        Instant now = clock().instant();
        Set<String> ids = new HashSet<>();
        for (var job : jobs.entrySet()) {
            JobRuns runs = job.getValue();
            synchronized (runs) {
                runs.purge(now, this);
                if (runs.size() > 0) {
                    ids.add(job.getKey());
                }
            }
        }
        return ids;
    }

    @Override
    protected int delete(String jobId) {
        JobRuns runs = jobs.remove(jobId);
        if (runs == null) {
            return 0;
        }
        Instant now = clock().instant();
        synchronized (runs) {
            runs.removed = true;
            int deleted = 0;
            for (int i = 0; i < runs.size(); i++) {
                Entry entry = runs.get(i);
                jobOfExecution.remove(entry.record.executionId(), jobId);
                if (!entry.expired(now)) {
                    deleted++;
                }
            }
            return deleted;
        }
    }

    @Override
    protected boolean deleteRecord(String jobId, String executionId) {
        JobRuns runs = jobs.get(jobId);
        if (runs == null) {
            return false;
        }
        Instant now = clock().instant();
        synchronized (runs) {
            Entry entry = runs.find(executionId);
            if (entry == null) {
                return false;
            }
            runs.remove(executionId);
            jobOfExecution.remove(executionId, jobId);
            runs.jobRecord = JobRecordRules.afterDelete(runs.jobRecord, executionId,
                    runs.size() == 0 ? null : runs.newest().record);
            return !entry.expired(now);
        }
    }

    @Override
    protected List<JobRecord> loadJobRecords(List<String> jobIds) {
        Instant now = clock().instant();
        List<JobRecord> records = new ArrayList<>();
        for (String jobId : jobIds) {
            JobRuns runs = jobs.get(jobId);
            if (runs != null) {
                synchronized (runs) {
                    runs.purge(now, this);
                    if (runs.jobRecord != null && runs.size() > 0) {
                        records.add(runs.jobRecord);
                    }
                }
            }
        }
        return records;
    }

    @Override
    protected List<JobStatistics.Period> loadStatistics(String jobId, JobStatistics.Granularity granularity,
                                                        Instant from, Instant to) {
        JobRuns runs = jobs.get(jobId);
        if (runs == null) {
            return List.of();
        }
        synchronized (runs) {
            runs.prunePeriods(clock().instant());
            TreeMap<Instant, JobStatistics.Period> periods =
                    granularity == JobStatistics.Granularity.HOUR ? runs.hours : runs.days;
            return new ArrayList<>(periods.subMap(from, true, to, false).values());
        }
    }

    /** Drops every expired record now, and the jobs left with none. */
    public void purgeExpired() {
        Instant now = clock().instant();
        for (var job : jobs.entrySet()) {
            JobRuns runs = job.getValue();
            synchronized (runs) {
                runs.purge(now, this);
                if (runs.size() == 0) {
                    runs.removed = true;
                    jobs.remove(job.getKey(), runs);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryExecutionHistoryRegistry{maxRunsPerJob=" + maxRunsPerJob + ", timeToLive=" + timeToLive
                + ", jobs=" + jobs.size() + '}';
    }

    void forget(ExecutionRecord record) {
        jobOfExecution.remove(record.executionId(), record.jobId());
    }

    /** A stored record and when it expires. */
    static final class Entry {
        final ExecutionRecord record;
        final Instant expiresAt;

        Entry(ExecutionRecord record, Instant expiresAt) {
            this.record = record;
            this.expiresAt = expiresAt;
        }

        boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    /** Builds an {@link InMemoryExecutionHistoryRegistry}; each setter validates at once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private int maxRunsPerJob = DEFAULT_MAX_RUNS_PER_JOB;
        private Duration timeToLive = DEFAULT_TIME_TO_LIVE;
        private int maxFailuresPerJob = JobRetention.DEFAULT_MAX_FAILURES;
        private Function<String, JobRetention> retention;

        private Builder() {
        }

        /**
         * How many of each job's newest {@code failed} runs are kept beyond {@link #maxRunsPerJob}, so that failures
         * outlast the successes after them. Default {@value JobRetention#DEFAULT_MAX_FAILURES}.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxFailuresPerJob(int maxFailuresPerJob) {
            if (maxFailuresPerJob < 0) {
                throw new IllegalArgumentException("maxFailuresPerJob must be 0 or more, but was " + maxFailuresPerJob);
            }
            this.maxFailuresPerJob = maxFailuresPerJob;
            return this;
        }

        /**
         * Retention per job, by job id, instead of {@link #maxRunsPerJob}, {@link #maxFailuresPerJob} and
         * {@link #timeToLive} for all: asked once per job, when its first run is saved.
         */
        public Builder retention(Function<String, JobRetention> retentionByJobId) {
            this.retention = Objects.requireNonNull(retentionByJobId, "retention must not be null");
            return this;
        }

        /** The clock that expiry and abandoned runs are measured with. Default: {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * How many runs each job keeps, newest by start time. Default {@value #DEFAULT_MAX_RUNS_PER_JOB}.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxRunsPerJob(int maxRunsPerJob) {
            this.maxRunsPerJob = Retention.checkMaxRunsPerJob(maxRunsPerJob);
            return this;
        }

        /**
         * How long a record is kept after its last save. Default: 30 days.
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder timeToLive(Duration timeToLive) {
            this.timeToLive = Retention.checkTimeToLive(timeToLive);
            return this;
        }

        /** Builds the registry. */
        public InMemoryExecutionHistoryRegistry build() {
            return new InMemoryExecutionHistoryRegistry(this);
        }
    }
}
