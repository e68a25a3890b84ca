package io.jobhistory.recorder;

import ch.qos.logback.classic.Level;
import io.jobhistory.ExecutionRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jobhistory.recorder.QueueParts.finished;
import static org.assertj.core.api.Assertions.assertThat;

class DroppedRecordsTest {

    private final LogCapture logs = new LogCapture();
    private final List<ExecutionRecord> told = new ArrayList<>();
    private final List<Throwable> why = new ArrayList<>();
    private final Listeners listeners = new Listeners(List.of(new RunListener() {
        @Override
        public void onStorageFailure(ExecutionRecord record, Throwable failure) {
            told.add(record);
            why.add(failure);
        }
    }));

    @AfterEach
    void close() {
        logs.close();
    }

    @Test
    @DisplayName("each dropped record is told to the listeners; only an episode's first drop is logged")
    void recordsAndStarts() {
        DroppedRecords dropped = new DroppedRecords(listeners, 5, () -> "down");
        List<QueueEntry> drops = DroppedRecords.add(null, QueueEntry.ofRecord(finished("f")), true);
        QueueParts.FakeRun going = new QueueParts.FakeRun("going");
        drops = DroppedRecords.add(drops, QueueEntry.ofStart(going), false);
        QueueEntry finishedStart = QueueEntry.ofStart(new QueueParts.FakeRun("done"));
        finishedStart.finish(finished("done"));
        drops = DroppedRecords.concat(drops, DroppedRecords.add(null, finishedStart, false));
        dropped.report(drops);
        dropped.report((List<QueueEntry>) null);

        assertThat(told).extracting(ExecutionRecord::executionId).containsExactly("f", "going", "done");
        assertThat(why).allSatisfy(e -> assertThat(e).isInstanceOf(DroppedRecords.QueueFullException.class)
                .hasMessage("dropped: the write-behind queue was full (capacity 5)"));
        assertThat(going.renewals).hasValue(1); // renewed by the heartbeats from now on
        assertThat(logs.at(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("Write-behind queue is full (5 records)").contains("last store failure: down"));
    }

    @Test
    @DisplayName("without listeners a dropped start builds no record, it is only renewed from now on")
    void noListeners() {
        DroppedRecords dropped = new DroppedRecords(new Listeners(List.of()), 5, () -> "none");
        QueueParts.FakeRun going = new QueueParts.FakeRun("going");
        dropped.report(DroppedRecords.add(null, QueueEntry.ofStart(going), true));
        assertThat(going.snapshots).hasValue(0);
        assertThat(going.renewals).hasValue(1);
        assertThat(logs.at(Level.WARN)).hasSize(1);
    }

    @Test
    @DisplayName("a start whose record cannot be built is still a drop, logged, with nothing told")
    void unbuildable() {
        DroppedRecords dropped = new DroppedRecords(listeners, 5, () -> "none");
        QueueParts.FakeRun broken = new QueueParts.FakeRun("broken");
        broken.snapshotFailure = new IllegalStateException("boom");
        dropped.report(DroppedRecords.add(null, QueueEntry.ofStart(broken), true));
        assertThat(told).isEmpty();
        assertThat(logs.at(Level.WARN)).anyMatch(line -> line.startsWith("Could not build the running record of "
                + "execution broken")).anyMatch(line -> line.startsWith("Write-behind queue is full"));
    }
}
