package io.jobhistory.recorder;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;

import static io.jobhistory.recorder.QueueParts.finished;
import static io.jobhistory.recorder.QueueParts.running;
import static org.assertj.core.api.Assertions.assertThat;

class InFlightTest {

    @Test
    @DisplayName("tracks what is taken, settled in order; close abandons the rest")
    void settleInOrder() {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.holdsUpTo(Long.MAX_VALUE)).isFalse();
        assertThat(inFlight.unsettled()).isZero();

        LinkedHashMap<Object, QueueEntry> taken = new LinkedHashMap<>();
        for (String id : new String[] {"a", "b", "c"}) {
            QueueEntry e = QueueEntry.ofRecord(id.equals("b") ? running(id) : finished(id));
            e.firstSeq = 5 + taken.size();
            taken.put(id, e);
        }
        inFlight.begin(taken);
        assertThat(inFlight.get("b").id).isEqualTo("b");
        assertThat(inFlight.unsettled()).isEqualTo(3);
        assertThat(inFlight.holdsUpTo(4)).isFalse();
        assertThat(inFlight.holdsUpTo(5)).isTrue();

        inFlight.settle(1);
        assertThat(inFlight.unsettled()).isEqualTo(2);
        assertThat(inFlight.abandon()).extracting(e -> e.id).containsExactly("b", "c");
        assertThat(inFlight.unsettled()).isZero();
        assertThat(inFlight.get("b")).isNull();

        inFlight.begin(taken);
        inFlight.settle(3);
        inFlight.end();
        assertThat(inFlight.holdsUpTo(Long.MAX_VALUE)).isFalse();
    }
}
