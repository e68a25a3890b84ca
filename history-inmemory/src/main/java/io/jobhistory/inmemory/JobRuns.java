package io.jobhistory.inmemory;

import io.jobhistory.ExecutionRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One job's retained runs, newest first. Not thread-safe: callers hold its monitor. Lists stay at most the cap plus
 * one long, so inserting by binary search and shifting costs little, and the newest run is always at index 0.
 */
final class JobRuns {

    private static final Comparator<InMemoryExecutionHistoryRegistry.Entry> ORDER =
            (a, b) -> ExecutionRecord.NEWEST_FIRST.compare(a.record, b.record);

    private final List<InMemoryExecutionHistoryRegistry.Entry> entries = new ArrayList<>();
    /** Set once the job was deleted or purged, so a concurrent save goes to a fresh instance. */
    boolean removed;

    int size() {
        return entries.size();
    }

    InMemoryExecutionHistoryRegistry.Entry get(int index) {
        return entries.get(index);
    }

    InMemoryExecutionHistoryRegistry.Entry newest() {
        return entries.get(0);
    }

    void insert(InMemoryExecutionHistoryRegistry.Entry entry) {
        int at = Collections.binarySearch(entries, entry, ORDER);
        entries.add(at < 0 ? -at - 1 : at, entry);
    }

    InMemoryExecutionHistoryRegistry.Entry removeOldest() {
        return entries.remove(entries.size() - 1);
    }

    InMemoryExecutionHistoryRegistry.Entry find(String executionId) {
        for (InMemoryExecutionHistoryRegistry.Entry entry : entries) {
            if (entry.record.executionId().equals(executionId)) {
                return entry;
            }
        }
        return null;
    }

    void remove(String executionId) {
        entries.removeIf(e -> e.record.executionId().equals(executionId));
    }

    /** Drops expired entries, telling the registry to forget their ids. */
    void purge(Instant now, InMemoryExecutionHistoryRegistry registry) {
        entries.removeIf(e -> {
            if (e.expired(now)) {
                registry.forget(e.record);
                return true;
            }
            return false;
        });
    }
}
