package io.jobhistory.inmemory;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobRecord;
import io.jobhistory.JobRetention;
import io.jobhistory.JobStatistics;
import io.jobhistory.spi.JobRecordRules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One job's retained runs, newest first, with an index by execution id, and its job record and statistics. Not
 * thread-safe: callers hold its monitor. The first {@code maxRuns} entries are the run cap's runs; entries after them
 * are failed runs kept beyond the cap. The list stays at most the caps plus one long, so inserting by binary search
 * and shifting costs little; the newest run is always at index 0. Expired entries are dropped lazily, and only when
 * the earliest expiry has passed.
 */
final class JobRuns {

    final JobRetention retention;
    /** The job's record; null until a save of this version. */
    JobRecord jobRecord;
    final TreeMap<Instant, JobStatistics.Period> hours = new TreeMap<>();
    final TreeMap<Instant, JobStatistics.Period> days = new TreeMap<>();

    JobRuns(JobRetention retention) {
        this.retention = retention;
    }

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

    /** How many entries, from the newest, are the run cap's runs. */
    int capped() {
        return Math.min(entries.size(), retention.maxRuns());
    }

    /**
     * Applies the caps: past the newest {@code maxRuns}, keeps only failed runs among the newest {@code maxFailures}
     * failed runs. Returns the entries removed.
     */
    List<InMemoryExecutionHistoryRegistry.Entry> trim() {
        if (entries.size() <= retention.maxRuns()) {
            return List.of();
        }
        int failures = 0;
        for (int i = 0; i < retention.maxRuns(); i++) {
            if (entries.get(i).record.status() == ExecutionStatus.FAILED) {
                failures++;
            }
        }
        List<InMemoryExecutionHistoryRegistry.Entry> removed = new ArrayList<>();
        for (int i = retention.maxRuns(); i < entries.size(); ) {
            InMemoryExecutionHistoryRegistry.Entry e = entries.get(i);
            if (e.record.status() == ExecutionStatus.FAILED && failures < retention.maxFailures()) {
                failures++;
                i++;
            } else {
                entries.remove(i);
                byId.remove(e.record.executionId());
                removed.add(e);
            }
        }
        return removed;
    }

    /** Counts a run that became finished for the first time in its hour and day, dropping periods no longer kept. */
    void count(ExecutionRecord finished, Instant now) {
        Instant hour = JobStatistics.Granularity.HOUR.periodOf(finished.startTime());
        Instant day = JobStatistics.Granularity.DAY.periodOf(finished.startTime());
        hours.put(hour, JobRecordRules.count(hours.get(hour), hour, finished));
        days.put(day, JobRecordRules.count(days.get(day), day, finished));
        prunePeriods(now);
    }

    void prunePeriods(Instant now) {
        hours.headMap(JobRecordRules.oldestHourKept(now)).clear();
        days.headMap(JobRecordRules.oldestDayKept(now, retention.timeToLive())).clear();
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
