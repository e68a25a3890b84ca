package io.jobhistory.examples.basics;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.examples.stock.StockFetchJob;
import io.jobhistory.examples.stock.StockFetcher;
import io.jobhistory.examples.stock.StockJob;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a host application tests what its job records: the in-memory registry, a clock the test moves, predictable
 * execution ids, and a fake for the job's own dependency (here the stock fetcher). No Redis, no sleeping.
 */
class RecordedJobTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-10-29T10:00:00Z"));
    private final InMemoryExecutionHistoryRegistry registry =
            InMemoryExecutionHistoryRegistry.builder().clock(clock).build();
    private final AtomicInteger ids = new AtomicInteger();
    private final JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry)
            .clock(clock)
            .idGenerator(() -> "run-" + ids.incrementAndGet())
            .heartbeatInterval(Duration.ZERO) // no background thread in a unit test
            .build();

    @AfterEach
    void closeRecorder() {
        recorder.close();
    }

    @Test
    void aTimeoutOnOneSymbolIsRecordedAsPartialSuccess() {
        StockFetcher fetcher = symbol -> {
            clock.advance(Duration.ofMillis(110_500)); // each fetch "takes" 110.5 s
            if (symbol.equals("GOOGL")) {
                throw new SocketTimeoutException("Connection timeout after 30s");
            }
            return 187.5;
        };
        StockJob dailyAapl = new StockJob("daily-aapl", "Daily AAPL", List.of("AAPL", "MSFT", "GOOGL"));

        recorder.run(JobIdentity.of(dailyAapl.id(), dailyAapl.name()), new StockFetchJob(dailyAapl, fetcher));

        ExecutionRecord run = registry.findLatest("daily-aapl").orElseThrow();
        assertThat(run.executionId()).isEqualTo("run-1");
        assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
        assertThat(run.succeededItems()).containsExactly("AAPL", "MSFT");
        assertThat(run.failedItems()).containsExactly("GOOGL");
        assertThat(run.errors()).containsExactly("Failed to fetch GOOGL: Connection timeout after 30s");
        assertThat(run.totalItems()).isEqualTo(3);
        assertThat(run.startTime()).isEqualTo(Instant.parse("2025-10-29T10:00:00Z"));
        assertThat(run.duration()).contains(Duration.ofMillis(331_500));
    }

    @Test
    void aJobThatThrowsIsRecordedAsFailedAndTheExceptionReachesTheCaller() {
        Runnable job = recorder.wrap(JobIdentity.of("nightly-export", "Nightly export"), () -> {
            throw new IllegalStateException("disk full");
        });

        assertThatThrownBy(job::run).isInstanceOf(IllegalStateException.class).hasMessage("disk full");

        List<ExecutionRecord> history = registry.findHistory("nightly-export");
        assertThat(history).singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(run.errors()).containsExactly("java.lang.IllegalStateException: disk full");
            assertThat(run.stackTrace()).isPresent();
        });
    }

    @Test
    void twoFailuresInARowRaiseOneAlert() {
        List<String> alerts = new java.util.ArrayList<>();
        ConsecutiveFailureAlert alert = new ConsecutiveFailureAlert(2, alerts::add);
        try (JobExecutionRecorder alerting = JobExecutionRecorder.builder(registry).clock(clock)
                .heartbeatInterval(Duration.ZERO).listener(alert).build()) {
            Runnable flaky = alerting.wrap(JobIdentity.of("flaky", "Flaky job"), context -> context.failed("x", "boom"));
            Runnable fine = alerting.wrap(JobIdentity.of("flaky", "Flaky job"), context -> context.succeeded("x"));
            flaky.run();
            assertThat(alerts).isEmpty();
            flaky.run();
            flaky.run();
            assertThat(alerts).containsExactly("Job 'Flaky job' (flaky) has failed 2 times in a row; last error: boom");
            fine.run();
            flaky.run();
            flaky.run();
            assertThat(alerts).hasSize(2);
        }
    }
}
