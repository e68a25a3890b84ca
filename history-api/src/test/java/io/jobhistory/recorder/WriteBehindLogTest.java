package io.jobhistory.recorder;

import ch.qos.logback.classic.Level;
import io.jobhistory.ExecutionRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.jobhistory.recorder.QueueParts.finished;
import static org.assertj.core.api.Assertions.assertThat;

class WriteBehindLogTest {

    private final LogCapture logs = new LogCapture();
    private final WriteBehindLog log = new WriteBehindLog();

    @AfterEach
    void close() {
        logs.close();
    }

    @Test
    @DisplayName("an outage logs its first failure at WARN, the others at DEBUG, and its end once at INFO")
    void outageOncePerEpisode() {
        List<ExecutionRecord> batch = List.of(finished("a"), finished("b"));
        log.stored(2, 0); // no outage: nothing
        log.failedTransiently(batch, new IllegalStateException("down"), 5);
        log.failedTransiently(batch, new IllegalStateException("down"), 6);
        log.failedTransiently(batch, new IllegalStateException("down"), 7);
        log.stored(2, 3);
        log.stored(2, 0);

        assertThat(logs.at(Level.WARN)).containsExactly("Could not store 2 records (a (job, success), "
                + "b (job, success)), "
                + "retrying with backoff until the store is back; 5 held: java.lang.IllegalStateException: down");
        assertThat(logs.at(Level.DEBUG)).containsExactly(
                "Store still failing (2 attempts): java.lang.IllegalStateException: down",
                "Store still failing (3 attempts): java.lang.IllegalStateException: down");
        assertThat(logs.at(Level.INFO)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("Store is back: write-behind stored 2 records after 3 failed attempts since ")
                .endsWith("; 3 queued"));
    }

    @Test
    @DisplayName("refusals: the first at WARN, the rest at DEBUG, until the store accepts records again")
    void refusalsOncePerEpisode() {
        log.refused(finished("a"), new IllegalArgumentException("bad"));
        log.refused(finished("b"), new IllegalArgumentException("bad"));
        log.stored(1, 0);
        log.refused(finished("c"), new IllegalArgumentException("bad"));

        assertThat(logs.at(Level.WARN)).containsExactly(
                "The store refused execution a of job 'job' (success); not retried, the records behind it go on: "
                        + "java.lang.IllegalArgumentException: bad",
                "The store refused execution c of job 'job' (success); not retried, the records behind it go on: "
                        + "java.lang.IllegalArgumentException: bad");
        assertThat(logs.at(Level.INFO)).containsExactly("The store accepts records again after refusing 2");
        assertThat(logs.at(Level.DEBUG)).contains(
                "The store refused execution b of job 'job' (success): java.lang.IllegalArgumentException: bad");
    }

    @Test
    @DisplayName("drop episodes, close and the writer's end have one line each; lists stop at ten ids")
    void oneLiners() {
        WriteBehindLog.queueFull(3, "none");
        WriteBehindLog.dropsEnded(0, 3);
        WriteBehindLog.dropsEnded(4, 3);
        List<ExecutionRecord> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(finished("r" + i));
        }
        WriteBehindLog.closedWithUnstored(Duration.ofSeconds(1), many, "none");

        assertThat(logs.at(Level.WARN)).hasSize(3);
        assertThat(logs.at(Level.WARN).get(0)).startsWith("Write-behind queue is full (3 records)");
        assertThat(logs.at(Level.WARN).get(1))
                .isEqualTo("Write-behind dropped 4 records while its queue was full (capacity 3)");
        assertThat(logs.at(Level.WARN).get(2)).startsWith("Write-behind closed after PT1S with 12 records not stored")
                .endsWith("r9 (job, success) and 2 more");
        assertThat(WriteBehindLog.describe(List.of(finished("x")))).isEqualTo("x (job, success)");
    }
}
