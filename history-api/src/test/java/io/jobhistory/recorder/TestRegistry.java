package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryQuery;
import io.jobhistory.spi.AbstractExecutionHistoryRegistry;
import io.jobhistory.spi.HistoryRules;
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

/** The smallest registry the SPI allows: a map, no retention; the base class applies the record rules. */
final class TestRegistry extends AbstractExecutionHistoryRegistry {

    private final Map<String, ExecutionRecord> records = new ConcurrentHashMap<>();

    TestRegistry(Clock clock) {
        super(clock);
    }

    @Override
    protected void store(ExecutionRecord record) {
        records.merge(record.executionId(), record, (old, incoming) -> RecordRules.isRefused(old, incoming) ? old : incoming);
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
