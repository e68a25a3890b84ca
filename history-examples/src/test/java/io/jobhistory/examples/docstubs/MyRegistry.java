package io.jobhistory.examples.docstubs;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import io.jobhistory.spi.AbstractExecutionHistoryRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The backend docs/writing-a-backend.md tests: a stub that stores nothing, only compiled against. */
public class MyRegistry extends AbstractExecutionHistoryRegistry {

    public MyRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        super(clock);
    }

    @Override
    protected void store(ExecutionRecord record) {
    }

    @Override
    protected Optional<ExecutionRecord> load(String executionId) {
        return Optional.empty();
    }

    @Override
    protected Optional<ExecutionRecord> loadLatest(String jobId) {
        return Optional.empty();
    }

    @Override
    protected List<ExecutionRecord> loadMatching(String jobId, HistoryQuery query, int wanted, Instant now) {
        return List.of();
    }

    @Override
    public Set<String> findJobIds() {
        return Set.of();
    }

    @Override
    protected int delete(String jobId) {
        return 0;
    }

    @Override
    protected boolean deleteRecord(String jobId, String executionId) {
        return false;
    }

    @Override
    protected List<JobRecord> loadJobRecords(List<String> jobIds) {
        return List.of();
    }

    @Override
    protected List<JobStatistics.Period> loadStatistics(String jobId, JobStatistics.Granularity granularity,
                                                        Instant from, Instant to) {
        return List.of();
    }
}
