package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jobhistory.recorder.QueueParts.finished;
import static io.jobhistory.recorder.QueueParts.running;
import static org.assertj.core.api.Assertions.assertThat;

/** The writer thread and its side of the queue, over a queue state filled directly (no WriteBehindQueue). */
@Timeout(60)
class WriterTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final GatedRegistry registry = new GatedRegistry(clock);
    private final List<ExecutionRecord> told = new CopyOnWriteArrayList<>();
    private final Listeners listeners = new Listeners(List.of(new RunListener() {
        @Override
        public void onStorageFailure(ExecutionRecord record, Throwable failure) {
            told.add(record);
        }
    }));
    private final LogCapture logs = new LogCapture();
    private QueueState state;
    private Thread writerThread;

    @AfterEach
    void tearDown() throws InterruptedException {
        registry.open();
        if (writerThread != null) {
            writerThread.interrupt();
            writerThread.join(10_000);
        }
        logs.close();
    }

    /** Queues {@code entries} as job threads would (records under the lock, starts in the inbox); starts a writer. */
    private void write(WriteBehind settings, QueueEntry... entries) {
        state = new QueueState(settings.capacity());
        for (QueueEntry entry : entries) {
            if (entry.lazy == null) {
                state.pending.nextSeq();
                assertThat(state.pending.addRecord(entry)).isNull();
            } else {
                state.inbox.push(entry); // the writer moves it into the queue
            }
        }
        DroppedRecords dropped = new DroppedRecords(listeners, settings.capacity(), state::lastFailureText);
        WriterHandoff handoff = new WriterHandoff(state, settings, listeners, dropped);
        writerThread = new Thread(new Writer(handoff, registry, settings), "test-writer");
        writerThread.start();
    }

    /** Asks the writer to stop once everything is written, and waits for it. */
    private void closeAndJoin() throws InterruptedException {
        state.lock.lock();
        try {
            state.closing = true;
            state.work.signal();
        } finally {
            state.lock.unlock();
        }
        writerThread.join(20_000);
        assertThat(writerThread.isAlive()).isFalse();
        assertThat(state.writerDone).isTrue();
        assertThat(state.stopped).isTrue();
    }

    private long retried() {
        state.lock.lock();
        try {
            return state.counters.retried;
        } finally {
            state.lock.unlock();
        }
    }

    private static WriteBehind.Builder settings() {
        return WriteBehind.builder().linger(Duration.ZERO).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(4));
    }

    @Test
    @DisplayName("writes everything queued oldest first, in batches of at most maxBatchSize, and counts it stored")
    void batches() throws Exception {
        write(settings().maxBatchSize(2).build(), QueueEntry.ofRecord(finished("a")),
                QueueEntry.ofRecord(finished("b")), QueueEntry.ofRecord(running("c")),
                QueueEntry.ofRecord(finished("d")), QueueEntry.ofRecord(finished("e")));
        closeAndJoin();

        assertThat(registry.batches).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(state.counters.stored).isEqualTo(5);
        assertThat(state.inFlight.unsettled()).isZero();
        assertThat(state.pending.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("a deletion runs after the saves queued before it and before those after it; its failures are retried")
    void deletionsKeepTheirPlace() throws Exception {
        AtomicInteger deleteFailures = new AtomicInteger();
        registry.deleteFailure = () -> deleteFailures.getAndIncrement() < 2 ? new StoreException("down", null, true)
                : null;
        QueueEntry deletion = QueueEntry.ofDeletion(running("gone"));
        write(settings().build(), QueueEntry.ofRecord(finished("a")), QueueEntry.ofRecord(running("gone-before")),
                deletion, QueueEntry.ofRecord(finished("b")));
        closeAndJoin();

        assertThat(registry.operations).containsExactly("save a,gone-before", "delete gone", "save b");
        assertThat(state.counters.retried).isEqualTo(2);
        assertThat(state.inFlight.unsettled()).isZero();
        assertThat(told).isEmpty();
    }

    @Test
    @DisplayName("transient failures are retried until the store is back; a refused record is split out of its batch")
    void retriesAndRefusals() throws Exception {
        AtomicInteger flakyFailures = new AtomicInteger();
        registry.failure = record -> {
            if (record.executionId().equals("bad")) {
                return new IllegalArgumentException("bad record");
            }
            if (record.executionId().equals("flaky") && flakyFailures.getAndIncrement() < 3) {
                return new StoreException("down", null, true);
            }
            return null;
        };
        write(settings().build(), QueueEntry.ofRecord(finished("flaky")), QueueEntry.ofRecord(finished("ok")),
                QueueEntry.ofRecord(finished("bad")), QueueEntry.ofRecord(finished("after")));
        closeAndJoin();

        assertThat(registry.storedInOrder).extracting(ExecutionRecord::executionId)
                .containsExactly("flaky", "ok", "after");
        assertThat(told).extracting(ExecutionRecord::executionId).containsExactly("bad");
        assertThat(state.counters.retried).isEqualTo(3);
        assertThat(state.counters.rejected).isEqualTo(1);
        assertThat(state.counters.stored).isEqualTo(3);
        assertThat(state.counters.lastFailureText()).contains("bad record");
    }

    @Test
    @DisplayName("a start: the running record of a run still going, the finished record in its place, or nothing")
    void starts() throws Exception {
        QueueParts.FakeRun going = new QueueParts.FakeRun("going");
        QueueEntry finishedStart = QueueEntry.ofStart(new QueueParts.FakeRun("done"));
        finishedStart.finish(finished("done"));
        QueueEntry withdrawn = QueueEntry.ofStart(new QueueParts.FakeRun("withdrawn"));
        withdrawn.withdraw(); // by its own thread, which saves the run itself
        write(settings().build(), QueueEntry.ofStart(going), finishedStart, withdrawn);
        closeAndJoin();

        assertThat(registry.storedInOrder).extracting(ExecutionRecord::executionId).containsExactly("going", "done");
        assertThat(registry.storedInOrder.get(0).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(going.renewals).hasValue(1);
        assertThat(state.counters.coalesced).isEqualTo(1); // the start a finished record replaced
    }

    @Test
    @DisplayName("aborted while retrying: the writer gives up on what it holds and stops")
    void abortedWhileRetrying() throws Exception {
        registry.failure = record -> new StoreException("down", null, true);
        write(settings().build(), QueueEntry.ofRecord(finished("a")));
        while (retried() < 2) {
            Thread.sleep(1);
        }
        state.lock.lock();
        try {
            state.aborted = true;
        } finally {
            state.lock.unlock();
        }
        writerThread.join(20_000);
        assertThat(writerThread.isAlive()).isFalse();
        assertThat(state.writerDone).isTrue();
        assertThat(registry.storedInOrder).isEmpty();
    }
}
