package io.jobhistory.recorder;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class StartInboxTest {

    private static QueueEntry start(String id) {
        return QueueEntry.ofStart(new QueueParts.FakeRun(id));
    }

    private static List<String> drain(StartInbox inbox) {
        List<String> ids = new ArrayList<>();
        QueueEntry next;
        for (QueueEntry e = inbox.takeOldestFirst(); e != null; e = next) {
            next = StartInbox.next(e);
            assertThat(e.nextInInbox).isNull();
            ids.add(e.id);
        }
        return ids;
    }

    @Test
    @DisplayName("push counts the depth; take hands the starts over oldest first and empties the inbox")
    void oldestFirst() {
        StartInbox inbox = new StartInbox();
        assertThat(inbox.isEmpty()).isTrue();
        assertThat(inbox.takeOldestFirst()).isNull();
        assertThat(inbox.push(start("a"))).isEqualTo(1);
        assertThat(inbox.push(start("b"))).isEqualTo(2);
        assertThat(inbox.push(start("c"))).isEqualTo(3);
        assertThat(inbox.depth()).isEqualTo(3);

        assertThat(drain(inbox)).containsExactly("a", "b", "c");
        assertThat(inbox.isEmpty()).isTrue();
        assertThat(inbox.depth()).isZero();
        assertThat(inbox.push(start("d"))).isEqualTo(1);
        assertThat(drain(inbox)).containsExactly("d");
    }

    @Test
    @DisplayName("starts pushed by many threads while one takes: each taken once, in its thread's order")
    void concurrentPushesAndTakes() throws Exception {
        StartInbox inbox = new StartInbox();
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> pushers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            Thread pusher = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    inbox.push(start(prefix + i));
                }
            });
            pusher.start();
            pushers.add(pusher);
        }
        List<String> taken = new ArrayList<>();
        go.countDown();
        while (pushers.stream().anyMatch(Thread::isAlive)) {
            taken.addAll(drain(inbox));
        }
        for (Thread pusher : pushers) {
            pusher.join();
        }
        taken.addAll(drain(inbox));

        assertThat(taken).hasSize(threads * perThread);
        assertThat(new HashSet<>(taken)).hasSize(threads * perThread);
        int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (String id : taken) { // each thread's starts come out in the order it pushed them
            int t = Integer.parseInt(id.substring(1, id.indexOf('-')));
            int i = Integer.parseInt(id.substring(id.indexOf('-') + 1));
            assertThat(i).isGreaterThan(last[t]);
            last[t] = i;
        }
    }
}
