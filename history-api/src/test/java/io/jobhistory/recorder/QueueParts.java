package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Records and runs for the unit tests of the write-behind parts. */
final class QueueParts {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private QueueParts() {
    }

    static ExecutionRecord finished(String id) {
        return ExecutionRecord.builder(id, "job", "Job", START).finished(ExecutionStatus.SUCCESS, START).build();
    }

    static ExecutionRecord running(String id) {
        return ExecutionRecord.builder(id, "job", "Job", START).build();
    }

    static QueueEntry recordEntry(ExecutionRecord record) {
        return QueueEntry.ofRecord(record);
    }

    /** A run whose running record is {@code running(id)} until {@link #finish}, counting renewals. */
    static final class FakeRun implements WriteBehindQueue.LazyRecord {
        final String id;
        volatile boolean finished;
        volatile RuntimeException snapshotFailure;
        final AtomicInteger renewals = new AtomicInteger();
        final AtomicInteger snapshots = new AtomicInteger();

        FakeRun(String id) {
            this.id = id;
        }

        void finish() {
            finished = true;
        }

        @Override
        public String executionId() {
            return id;
        }

        @Override
        public ExecutionRecord snapshot(boolean renew) {
            snapshots.incrementAndGet();
            if (snapshotFailure != null) {
                throw snapshotFailure;
            }
            if (renew && finished) {
                return null;
            }
            if (renew) {
                renewals.incrementAndGet();
            }
            return running(id);
        }

        @Override
        public void renewFromNow() {
            if (!finished) {
                renewals.incrementAndGet();
            }
        }

        @Override
        public boolean isFinished() {
            return finished;
        }
    }
}
