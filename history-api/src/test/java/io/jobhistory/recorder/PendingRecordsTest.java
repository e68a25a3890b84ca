package io.jobhistory.recorder;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import static io.jobhistory.recorder.QueueParts.finished;
import static io.jobhistory.recorder.QueueParts.running;
import static org.assertj.core.api.Assertions.assertThat;

class PendingRecordsTest {

    private static QueueEntry start(String id) {
        return QueueEntry.ofStart(new QueueParts.FakeRun(id));
    }

    /** Adds a record as the queue does: counted as an offer first. */
    private static QueueEntry add(PendingRecords pending, QueueEntry entry) {
        pending.nextSeq();
        return pending.addRecord(entry);
    }

    private static List<String> ids(PendingRecords pending) {
        List<String> ids = new ArrayList<>();
        pending.takeAll().values().forEach(e -> ids.add(e.id));
        return ids;
    }

    @Test
    @DisplayName("records are found by execution id, starts are not; entries keep the order of their first offer")
    void orderAndLookup() {
        PendingRecords pending = new PendingRecords(10);
        QueueEntry a = QueueEntry.ofRecord(running("a"));
        assertThat(add(pending, a)).isNull();
        QueueEntry s = start("s");
        assertThat(pending.addStart(s)).isNull();
        assertThat(add(pending, QueueEntry.ofRecord(finished("b")))).isNull();

        assertThat(pending.get("a")).isSameAs(a);
        assertThat(pending.get("s")).isNull();
        assertThat(pending.size()).isEqualTo(3);
        assertThat(a.firstSeq).isEqualTo(1);
        assertThat(s.firstSeq).isEqualTo(2);
        assertThat(pending.lastSeq()).isEqualTo(3);
        assertThat(pending.nothingUpTo(0)).isTrue();
        assertThat(pending.nothingUpTo(1)).isFalse();
        assertThat(ids(pending)).containsExactly("a", "s", "b");
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("full: the running record queued longest goes first, then, for a finished newcomer, the oldest")
    void dropsRunningFirstThenOldest() {
        PendingRecords pending = new PendingRecords(2);
        add(pending, QueueEntry.ofRecord(finished("f1")));
        add(pending, QueueEntry.ofRecord(running("r1")));

        QueueEntry dropped = add(pending, QueueEntry.ofRecord(finished("f2")));
        assertThat(dropped.id).isEqualTo("r1");
        dropped = add(pending, QueueEntry.ofRecord(finished("f3")));
        assertThat(dropped.id).isEqualTo("f1");
        assertThat(ids(pending)).containsExactly("f2", "f3");
    }

    @Test
    @DisplayName("full of finished records: a running newcomer goes itself, not added")
    void runningNeverPushesOutFinished() {
        PendingRecords pending = new PendingRecords(1);
        add(pending, QueueEntry.ofRecord(finished("f1")));
        QueueEntry newcomer = QueueEntry.ofRecord(running("r1"));
        assertThat(add(pending, newcomer)).isSameAs(newcomer);
        assertThat(ids(pending)).containsExactly("f1");
    }

    @Test
    @DisplayName("a record that finished while queued leaves the running list: it is not dropped as running")
    void finishedWhileQueued() {
        PendingRecords pending = new PendingRecords(2);
        QueueEntry r1 = QueueEntry.ofRecord(running("r1"));
        add(pending, r1);
        add(pending, QueueEntry.ofRecord(finished("f1")));
        r1.record = finished("r1");
        pending.finished(r1);
        assertThat(add(pending, QueueEntry.ofRecord(running("r2"))).id).isEqualTo("r2");
        assertThat(add(pending, QueueEntry.ofRecord(finished("f2"))).id).isEqualTo("r1"); // the oldest
    }

    @Test
    @DisplayName("full: a start drops a running start, else goes itself; a finished run's start is a finished record")
    void startsWhenFull() {
        PendingRecords pending = new PendingRecords(1);
        QueueEntry s1 = start("s1");
        pending.addStart(s1);
        QueueEntry s2 = start("s2");
        assertThat(pending.addStart(s2)).isSameAs(s1);
        assertThat(s1.isGone()).isTrue(); // dropped: withdrawn, nobody writes it

        PendingRecords fullOfFinished = new PendingRecords(1);
        add(fullOfFinished, QueueEntry.ofRecord(finished("f1")));
        QueueEntry s3 = start("s3");
        assertThat(fullOfFinished.addStart(s3)).isSameAs(s3);
        assertThat(s3.isGone()).isTrue();

        QueueEntry s4 = start("s4");
        s4.finish(finished("s4"));
        assertThat(fullOfFinished.addStart(s4).id).isEqualTo("f1");
        assertThat(ids(fullOfFinished)).containsExactly("s4");
    }

    @Test
    @DisplayName("a start withdrawn by its own thread is skipped, and makes room when met in the queue")
    void withdrawnStarts() {
        PendingRecords pending = new PendingRecords(1);
        QueueEntry skipped = start("skipped");
        skipped.withdraw();
        assertThat(pending.addStart(skipped)).isNull();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.lastSeq()).isZero();

        QueueEntry s1 = start("s1");
        pending.addStart(s1);
        s1.withdraw(); // its thread saves the run itself
        assertThat(add(pending, QueueEntry.ofRecord(finished("f1")))).isNull(); // room, no drop
        assertThat(ids(pending)).containsExactly("f1");
    }

    @Test
    @DisplayName("room made by a withdrawn start is used: nothing else is dropped for the newcomer")
    void roomFromWithdrawnStartsIsUsed() {
        PendingRecords pending = new PendingRecords(2);
        QueueEntry s1 = start("s1");
        pending.addStart(s1);
        QueueEntry r2 = QueueEntry.ofRecord(running("r2"));
        add(pending, r2);
        s1.withdraw(); // its thread saves the run itself
        assertThat(add(pending, QueueEntry.ofRecord(finished("f3")))).isNull();
        assertThat(ids(pending)).containsExactly("r2", "f3");

        PendingRecords starts = new PendingRecords(2);
        QueueEntry a = start("a");
        starts.addStart(a);
        starts.addStart(start("b"));
        a.withdraw();
        QueueEntry c = start("c");
        assertThat(starts.addStart(c)).isNull();
        assertThat(ids(starts)).containsExactly("b", "c");
        assertThat(c.isPending()).isTrue();
    }

    @Test
    @DisplayName("a start whose run finished since it was queued is not dropped as running")
    void startFinishedInQueue() {
        PendingRecords pending = new PendingRecords(1);
        QueueEntry s1 = start("s1");
        pending.addStart(s1);
        s1.finish(finished("s1"));
        QueueEntry r = QueueEntry.ofRecord(running("r"));
        assertThat(add(pending, r)).isSameAs(r);
        assertThat(add(pending, QueueEntry.ofRecord(finished("f"))).id).isEqualTo("s1");
    }

    @Test
    @DisplayName("takeAll hands the queue over; an emptied map handed back becomes the next queue")
    void takeAndRecycle() {
        PendingRecords pending = new PendingRecords(10);
        add(pending, QueueEntry.ofRecord(running("a")));
        LinkedHashMap<Object, QueueEntry> taken = pending.takeAll();
        assertThat(taken).hasSize(1);
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.dropRunning()).isNull(); // the running list went with it

        pending.recycle(taken); // not emptied: not kept
        pending.takeAll();
        assertThat(pending.takeAll()).isNotSameAs(taken);
        taken.clear();
        pending.recycle(taken); // the spare: the queue after the next takeAll
        pending.takeAll();
        add(pending, QueueEntry.ofRecord(running("b")));
        assertThat(pending.takeAll()).isSameAs(taken).containsKey("b");
    }

    @Test
    @DisplayName("removeAll empties the queue for close, links cleared")
    void removeAll() {
        PendingRecords pending = new PendingRecords(10);
        QueueEntry a = QueueEntry.ofRecord(running("a"));
        add(pending, a);
        add(pending, QueueEntry.ofRecord(running("b")));
        assertThat(pending.removeAll()).extracting(e -> e.id).containsExactly("a", "b");
        assertThat(a.linked).isFalse();
        assertThat(a.nextRunning).isNull();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.dropRunning()).isNull();
    }
}
