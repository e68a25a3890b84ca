package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jobhistory.recorder.QueueParts.finished;
import static io.jobhistory.recorder.QueueParts.running;
import static org.assertj.core.api.Assertions.assertThat;

class QueueEntryTest {

    @Test
    @DisplayName("a record is keyed by its execution id, a start by itself")
    void keys() {
        QueueEntry record = QueueEntry.ofRecord(running("r"));
        QueueEntry start = QueueEntry.ofStart(new QueueParts.FakeRun("s"));
        assertThat(record.key()).isEqualTo("r");
        assertThat(start.key()).isSameAs(start);
        assertThat(start.id).isEqualTo("s");
        assertThat(record.isRunning()).isTrue();
        assertThat(QueueEntry.ofRecord(finished("f")).isRunning()).isFalse();
        assertThat(start.isRunning()).isTrue();
    }

    @Test
    @DisplayName("a finished record takes its pending start's place; then nobody can take or withdraw it")
    void finishWins() {
        QueueEntry start = QueueEntry.ofStart(new QueueParts.FakeRun("s"));
        ExecutionRecord done = finished("s");
        assertThat(start.finish(done)).isTrue();
        assertThat(start.finishedRecord()).isSameAs(done);
        assertThat(start.isRunning()).isFalse();
        assertThat(start.take()).isFalse();
        assertThat(start.withdraw()).isFalse();
        assertThat(start.recordLeftAtClose()).isSameAs(done);
    }

    @Test
    @DisplayName("once the writer took a start, the finished record goes the locked way")
    void takeWins() {
        QueueEntry start = QueueEntry.ofStart(new QueueParts.FakeRun("s"));
        assertThat(start.take()).isTrue();
        assertThat(start.isTaken()).isTrue();
        assertThat(start.finish(finished("s"))).isFalse();
        assertThat(start.finishedRecord()).isNull();
        assertThat(start.withdraw()).isFalse();
    }

    @Test
    @DisplayName("a withdrawn start is nobody's to write")
    void withdrawWins() {
        QueueEntry start = QueueEntry.ofStart(new QueueParts.FakeRun("s"));
        assertThat(start.withdraw()).isTrue();
        assertThat(start.isGone()).isTrue();
        assertThat(start.finish(finished("s"))).isFalse();
        assertThat(start.finishedRecord()).isNull();
        assertThat(start.take()).isFalse();
        assertThat(start.recordLeftAtClose()).isNull();
    }

    @Test
    @DisplayName("left at close: a record itself; a pending start its running record, unless its run has finished")
    void leftAtClose() {
        QueueEntry record = QueueEntry.ofRecord(running("r"));
        assertThat(record.recordLeftAtClose()).isSameAs(record.record);

        QueueParts.FakeRun going = new QueueParts.FakeRun("going");
        assertThat(QueueEntry.ofStart(going).recordLeftAtClose().status()).isEqualTo(ExecutionStatus.RUNNING);

        QueueParts.FakeRun ended = new QueueParts.FakeRun("ended");
        ended.finish(); // its own thread saves the finished record: nothing to report
        QueueEntry endedStart = QueueEntry.ofStart(ended);
        assertThat(endedStart.recordLeftAtClose()).isNull();
        assertThat(endedStart.isGone()).isTrue();

        QueueParts.FakeRun taken = new QueueParts.FakeRun("taken");
        QueueEntry takenStart = QueueEntry.ofStart(taken);
        takenStart.take();
        assertThat(takenStart.recordLeftAtClose().executionId()).isEqualTo("taken");
    }

    @Test
    @DisplayName("a running record that cannot be built is null, not an exception")
    void unbuildable() {
        QueueParts.FakeRun run = new QueueParts.FakeRun("x");
        run.snapshotFailure = new IllegalStateException("boom");
        assertThat(QueueEntry.ofStart(run).buildRunning(true)).isNull();
    }

    @RepeatedTest(200)
    @DisplayName("finish, take and withdraw racing: exactly one wins")
    void oneWinner() throws Exception {
        QueueEntry start = QueueEntry.ofStart(new QueueParts.FakeRun("s"));
        ExecutionRecord done = finished("s");
        CyclicBarrier barrier = new CyclicBarrier(3);
        AtomicInteger wins = new AtomicInteger();
        Thread finisher = race(barrier, () -> start.finish(done), wins);
        Thread taker = race(barrier, start::take, wins);
        Thread withdrawer = race(barrier, start::withdraw, wins);
        finisher.join();
        taker.join();
        withdrawer.join();
        assertThat(wins).hasValue(1);
        assertThat(start.isPending()).isFalse();
        assertThat(start.finishedRecord() != null || start.isTaken() || start.isGone()).isTrue();
    }

    private static Thread race(CyclicBarrier barrier, java.util.function.BooleanSupplier attempt, AtomicInteger wins) {
        Thread thread = new Thread(() -> {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (attempt.getAsBoolean()) {
                wins.incrementAndGet();
            }
        });
        thread.start();
        return thread;
    }
}
