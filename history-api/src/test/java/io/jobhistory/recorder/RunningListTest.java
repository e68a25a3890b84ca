package io.jobhistory.recorder;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jobhistory.recorder.QueueParts.running;
import static org.assertj.core.api.Assertions.assertThat;

class RunningListTest {

    private final RunningList list = new RunningList();

    private static QueueEntry entry(String id) {
        return QueueEntry.ofRecord(running(id));
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (QueueEntry e = list.oldest(); e != null; e = e.nextRunning) {
            ids.add(e.id);
        }
        return ids;
    }

    @Test
    @DisplayName("entries come out oldest first; unlinking the head, the middle or the tail keeps the order")
    void linkAndUnlink() {
        QueueEntry a = entry("a");
        QueueEntry b = entry("b");
        QueueEntry c = entry("c");
        QueueEntry d = entry("d");
        for (QueueEntry e : List.of(a, b, c, d)) {
            list.link(e);
        }
        assertThat(ids()).containsExactly("a", "b", "c", "d");

        list.unlink(b);
        assertThat(ids()).containsExactly("a", "c", "d");
        assertThat(b.linked).isFalse();
        assertThat(b.previousRunning).isNull();
        assertThat(b.nextRunning).isNull();
        list.unlink(b); // twice: nothing happens
        assertThat(ids()).containsExactly("a", "c", "d");

        list.unlink(a);
        assertThat(list.oldest()).isSameAs(c);
        list.unlink(d);
        assertThat(ids()).containsExactly("c");
        list.link(a);
        assertThat(ids()).containsExactly("c", "a");
        list.unlink(c);
        list.unlink(a);
        assertThat(list.oldest()).isNull();
        list.link(d);
        assertThat(ids()).containsExactly("d");
    }

    @Test
    @DisplayName("cleared, the list forgets its entries; forget clears an entry's links")
    void clearAndForget() {
        QueueEntry a = entry("a");
        QueueEntry b = entry("b");
        list.link(a);
        list.link(b);
        list.clear();
        assertThat(list.oldest()).isNull();
        RunningList.forget(a);
        assertThat(a.linked).isFalse();
        assertThat(a.nextRunning).isNull();
        list.link(b);
        assertThat(ids()).containsExactly("b");
    }
}
