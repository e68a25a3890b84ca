package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import io.jobhistory.spi.AbstractExecutionHistoryRegistry;
import io.jobhistory.spi.HistoryRules;
import io.jobhistory.spi.JobRecordRules;
import io.jobhistory.spi.RecordRules;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The smallest registry the SPI allows: a map, no retention, job records kept by the rules, no statistics; the base
 * class applies the record rules.
 */
final class TestRegistry extends AbstractExecutionHistoryRegistry {

    private final Map<String, ExecutionRecord> records = new ConcurrentHashMap<>();
    private final Map<String, JobRecord> jobRecords = new ConcurrentHashMap<>();

    TestRegistry(Clock clock) {
        super(clock);
    }

    @Override
    protected synchronized void store(ExecutionRecord record) {
        ExecutionRecord old = records.get(record.executionId());
        if (old != null && RecordRules.isRefused(old, record)) {
            return;
        }
        records.put(record.executionId(), record);
        jobRecords.put(record.jobId(), JobRecordRules.apply(jobRecords.get(record.jobId()), record,
                JobRecordRules.isFirstFinish(old, record)));
    }

    @Override
    protected List<JobRecord> loadJobRecords(List<String> jobIds) {
        return jobIds.stream().map(jobRecords::get).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    protected List<JobStatistics.Period> loadStatistics(String jobId, JobStatistics.Granularity granularity,
                                                        Instant from, Instant to) {
        return List.of();
    }

    @Override
    protected Optional<ExecutionRecord> load(String executionId) {
        return Optional.ofNullable(records.get(executionId));
    }

    @Override
    protected Optional<ExecutionRecord> loadLatest(String jobId) {
        return loadMatching(jobId, HistoryQuery.latest(1), 1, clock().instant()).stream().findFirst();
    }

    @Override
    protected List<ExecutionRecord> loadMatching(String jobId, HistoryQuery query, int wanted, Instant now) {
        Predicate<ExecutionRecord> matches = HistoryRules.matcher(query);
        return records.values().stream()
                .filter(r -> r.jobId().equals(jobId))
                .map(r -> RecordRules.seenAt(r, now))
                .filter(matches)
                .sorted(ExecutionRecord.NEWEST_FIRST)
                .limit(wanted)
                .toList();
    }

    @Override
    public Set<String> findJobIds() {
        Set<String> ids = new HashSet<>();
        records.values().forEach(r -> ids.add(r.jobId()));
        return ids;
    }

    @Override
    protected int delete(String jobId) {
        int before = records.size();
        records.values().removeIf(r -> r.jobId().equals(jobId));
        return before - records.size();
    }

    @Override
    protected boolean deleteRecord(String jobId, String executionId) {
        ExecutionRecord record = records.get(executionId);
        return record != null && record.jobId().equals(jobId) && records.remove(executionId, record);
    }
}
