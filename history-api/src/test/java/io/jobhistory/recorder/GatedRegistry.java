package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobStatistics;
import io.jobhistory.JobRecord;
import io.jobhistory.StoreException;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A registry over {@link TestRegistry} whose {@code saveAll} a test can make fail, per record, transiently or
 * permanently, or block until released; like a pipelined store, a batch with a failing record stores nothing.
 */
final class GatedRegistry implements ExecutionHistoryRegistry {

    final TestRegistry store;
    /** The failure to throw for a record, or null to store it. */
    volatile Function<ExecutionRecord, RuntimeException> failure = record -> null;
    /** The failure to throw for a deletion, or null to delete. */
    volatile Supplier<RuntimeException> deleteFailure = () -> null;
    /** Whether findLatest and findPage fail, as a store that cannot be read. */
    volatile boolean failReads;
    /** The execution ids deleted, in order. */
    final List<String> deleted = new CopyOnWriteArrayList<>();
    /** Saves and deletions done, in order: "save a,b", "delete c". */
    final List<String> operations = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate;
    /** saveAll calls that got past the gate. */
    final AtomicInteger attempts = new AtomicInteger();
    /** saveAll calls waiting at the gate right now. */
    final AtomicInteger waiting = new AtomicInteger();
    /** The execution ids of each batch stored, in order. */
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    /** Every record stored, in order. */
    final List<ExecutionRecord> storedInOrder = new CopyOnWriteArrayList<>();

    GatedRegistry(Clock clock) {
        this.store = new TestRegistry(clock);
    }

    /** Blocks every saveAll from now until {@link #open()}. */
    void block() {
        gate = new CountDownLatch(1);
    }

    void open() {
        CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    @Override
    public void save(ExecutionRecord record) {
        saveAll(List.of(record));
    }

    @Override
    public void saveAll(Collection<ExecutionRecord> records) {
        CountDownLatch current = gate;
        if (current != null) {
            waiting.incrementAndGet();
            try {
                current.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                waiting.decrementAndGet();
            }
        }
        attempts.incrementAndGet();
        for (ExecutionRecord record : records) {
            RuntimeException e = failure.apply(record);
            if (e != null) {
                throw e;
            }
        }
        store.saveAll(records);
        batches.add(records.stream().map(ExecutionRecord::executionId).toList());
        operations.add("save " + String.join(",", batches.get(batches.size() - 1)));
        storedInOrder.addAll(records);
    }

    @Override
    public Optional<ExecutionRecord> findById(String executionId) {
        return store.findById(executionId);
    }

    @Override
    public Optional<ExecutionRecord> findLatest(String jobId) {
        if (failReads) {
            throw new StoreException("reads down", null, true);
        }
        return store.findLatest(jobId);
    }

    @Override
    public HistoryPage findPage(String jobId, HistoryQuery query) {
        if (failReads) {
            throw new StoreException("reads down", null, true);
        }
        return store.findPage(jobId, query);
    }

    @Override
    public Set<String> findJobIds() {
        return store.findJobIds();
    }

    @Override
    public int deleteHistory(String jobId) {
        return store.deleteHistory(jobId);
    }

    /** Waits at the gate like a save; fails with what {@link #deleteFailure} gives, if anything. */
    @Override
    public boolean deleteRun(String jobId, String executionId) {
        CountDownLatch current = gate;
        if (current != null) {
            try {
                current.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        RuntimeException e = deleteFailure.get();
        if (e != null) {
            throw e;
        }
        deleted.add(executionId);
        operations.add("delete " + executionId);
        return store.deleteRun(jobId, executionId);
    }

    @Override
    public Optional<JobRecord> findJobRecord(String jobId) {
        return store.findJobRecord(jobId);
    }

    @Override
    public List<JobRecord> findJobRecords(Collection<String> jobIds) {
        return store.findJobRecords(jobIds);
    }

    @Override
    public JobStatistics findStatistics(String jobId, Instant from, Instant to, JobStatistics.Granularity granularity) {
        return store.findStatistics(jobId, from, to, granularity);
    }
}
