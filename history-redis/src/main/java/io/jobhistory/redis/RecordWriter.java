package io.jobhistory.redis;

import io.jobhistory.ExecutionRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry's saves: each record as a {@link HistoryStore.Save}, renewing its job's TTLs when {@link Refreshes}
 * says so, through {@link RedisCalls}. Saves are idempotent: a save sent twice leaves the record, its index entry and
 * retention as one does (a running record never replaces a finished one either way). A retry also renews the job's
 * TTLs, so a first attempt that created the index but lost its reply cannot leave the index without its TTL.
 */
final class RecordWriter {

    private final HistoryStore store;
    private final RedisCalls calls;
    private final Refreshes refreshes;

    RecordWriter(HistoryStore store, RedisCalls calls, Refreshes refreshes) {
        this.store = store;
        this.calls = calls;
        this.refreshes = refreshes;
    }

    void save(ExecutionRecord record) {
        long now = System.nanoTime();
        boolean refresh = refreshes.due(record.jobId(), now);
        HistoryStore.Save save = HistoryStore.Save.of(record, refresh);
        try {
            calls.call("save", () -> {
                store.save(save);
                return null;
            }, () -> {
                store.save(save.renewing());
                return null;
            });
        } catch (RuntimeException e) {
            refreshes.forget(record.jobId()); // a new index may have missed its TTL: the next save renews
            throw e;
        }
        if (refresh) {
            refreshes.renewed(record.jobId(), now);
        }
    }

    /** All records at once, by the same scripts and rules as {@link #save}; each job renewed once at most. */
    void saveAll(List<ExecutionRecord> records) {
        long now = System.nanoTime();
        List<HistoryStore.Save> saves = new ArrayList<>(records.size());
        Set<String> renewing = new HashSet<>();
        for (ExecutionRecord record : records) {
            boolean refresh = refreshes.due(record.jobId(), now) && renewing.add(record.jobId());
            saves.add(HistoryStore.Save.of(record, refresh));
        }
        try {
            calls.call("saveAll", () -> {
                store.saveAll(saves);
                return null;
            }, () -> {
                store.saveAll(saves.stream().map(HistoryStore.Save::renewing).toList());
                return null;
            });
        } catch (RuntimeException e) {
            records.forEach(r -> refreshes.forget(r.jobId())); // a new index may have missed its TTL: renew next
            throw e;
        }
        renewing.forEach(jobId -> refreshes.renewed(jobId, now));
    }

    /** Forgets when a job was renewed, so that its next save renews it (its history was deleted). */
    void forget(String jobId) {
        refreshes.forget(jobId);
    }
}
