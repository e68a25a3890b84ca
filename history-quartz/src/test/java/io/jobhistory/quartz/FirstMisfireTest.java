package io.jobhistory.quartz;

import io.jobhistory.fixtures.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first misfire of a JVM, where the listener is slowest (nothing loaded yet) and Quartz applies the instruction
 * well after it was notified: in each of three fresh JVMs, the skipped record counts every fire time up to the next
 * fire that really happened, and names that fire.
 */
class FirstMisfireTest {

    @Test
    void countAndNextFireMatchWhatQuartzDidInFreshJvms() {
        long interval = FirstMisfireMain.INTERVAL_MS;
        for (int jvm = 0; jvm < 3; jvm++) {
            List<String> lines;
            try (ChildJvm child = ChildJvm.start(FirstMisfireMain.class)) {
                lines = child.linesUntilExit(Duration.ofMinutes(1));
            }
            String[] skipped = lines.stream().filter(l -> l.startsWith("SKIPPED ")).findFirst().orElseThrow().split(" ");
            Instant firstRun = Instant.parse(lines.stream().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow()
                    .substring(4));
            Instant first = Instant.parse(skipped[1]);
            Instant last = Instant.parse(skipped[2]);
            int count = Integer.parseInt(skipped[3]);

            assertThat(skipped[4]).as("the next fire the record names, JVM %d: %s", jvm, lines)
                    .isEqualTo(firstRun.toString());
            assertThat(last.plusMillis(interval)).as("no fire time between the skipped ones and the run, JVM %d: %s",
                    jvm, lines).isEqualTo(firstRun);
            assertThat(count).as("every fire time from the first to the last skipped one, JVM %d: %s", jvm, lines)
                    .isEqualTo(Duration.between(first, last).toMillis() / interval + 1);
        }
    }
}
