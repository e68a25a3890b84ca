package io.jobhistory.inmemory;

import io.jobhistory.ExecutionRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One job's retained runs, newest first, with an index by execution id. Not thread-safe: callers hold its monitor.
 * The list stays at most the cap plus one long, so inserting by binary search and shifting costs little; the newest
 * run is always at index 0. Expired entries are dropped lazily, and only when the earliest expiry has passed.
 */
final class JobRuns {

    private static final Comparator<InMemoryExecutionHistoryRegistry.Entry> ORDER =
            (a, b) -> ExecutionRecord.NEWEST_FIRST.compare(a.record, b.record);

    private final List<InMemoryExecutionHistoryRegistry.Entry> entries = new ArrayList<>();
    private final Map<String, InMemoryExecutionHistoryRegistry.Entry> byId = new HashMap<>();
    /** No entry expires before this; {@link Instant#MAX} when empty. */
    private Instant earliestExpiry = Instant.MAX;
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

    InMemoryExecutionHistoryRegistry.Entry find(String executionId) {
        return byId.get(executionId);
    }

    /** Adds {@code entry}, replacing the entry with the same execution id if there is one. */
    void put(InMemoryExecutionHistoryRegistry.Entry entry) {
        InMemoryExecutionHistoryRegistry.Entry old = byId.put(entry.record.executionId(), entry);
        if (entry.expiresAt.isBefore(earliestExpiry)) {
            earliestExpiry = entry.expiresAt;
        }
        if (old != null) {
            int at = Collections.binarySearch(entries, old, ORDER);
            if (ORDER.compare(old, entry) == 0) {
                entries.set(at, entry); // same place in the order: the common running-to-finished update
                return;
            }
            entries.remove(at);
        }
        int at = Collections.binarySearch(entries, entry, ORDER);
        entries.add(-at - 1, entry);
    }

    InMemoryExecutionHistoryRegistry.Entry removeOldest() {
        InMemoryExecutionHistoryRegistry.Entry oldest = entries.remove(entries.size() - 1);
        byId.remove(oldest.record.executionId());
        return oldest;
    }

    /** Removes the entry with this execution id, if any. */
    void remove(String executionId) {
        InMemoryExecutionHistoryRegistry.Entry old = byId.remove(executionId);
        if (old != null) {
            entries.remove(Collections.binarySearch(entries, old, ORDER));
        }
    }

    /** Drops expired entries, telling the registry to forget their ids. */
    void purge(Instant now, InMemoryExecutionHistoryRegistry registry) {
        if (now.isBefore(earliestExpiry)) {
            return;
        }
        Instant earliest = Instant.MAX;
        for (int i = entries.size() - 1; i >= 0; i--) {
            InMemoryExecutionHistoryRegistry.Entry e = entries.get(i);
            if (e.expired(now)) {
                entries.remove(i);
                byId.remove(e.record.executionId());
                registry.forget(e.record);
            } else if (e.expiresAt.isBefore(earliest)) {
                earliest = e.expiresAt;
            }
        }
        earliestExpiry = earliest;
    }
}
