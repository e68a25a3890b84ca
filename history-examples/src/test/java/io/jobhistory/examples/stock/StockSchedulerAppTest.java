package io.jobhistory.examples.stock;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo application itself, run for a short time with a tiny interval. */
class StockSchedulerAppTest {

    private final InMemoryExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();

    @Test
    void recordsSuccessPartialSuccessAndFailedRunsThenStops() throws Exception {
        DemoConfig config = DemoConfig.defaults().withPort(0).withSeed(7)
                .withTiming(Duration.ofMillis(5), Duration.ZERO)
                .withRunFor(Duration.ofMillis(600));
        try (StockSchedulerApp app = StockSchedulerApp.simulated(config, registry)) {
            app.start();
            app.awaitStop(); // returns after runFor, having closed the app
        }

        List<ExecutionRecord> runs = new ArrayList<>();
        for (StockJob job : StockJob.DEMO_JOBS) {
            runs.addAll(registry.findPage(job.id(), HistoryQuery.all()).records());
        }
        Set<ExecutionStatus> statuses = EnumSet.noneOf(ExecutionStatus.class);
        runs.forEach(run -> statuses.add(run.status()));
        assertThat(statuses).containsExactlyInAnyOrder(
                ExecutionStatus.SUCCESS, ExecutionStatus.PARTIAL_SUCCESS, ExecutionStatus.FAILED);
        assertThat(runs).flatExtracting(ExecutionRecord::errors)
                .contains("Failed to fetch GOOGL: Connection timeout after 30s");
        assertThat(registry.findJobIds()).containsExactlyInAnyOrder("daily-aapl", "hourly-semis", "eu-blue-chips",
                "penny-watchlist");
    }

    @Test
    void shutdownWaitsForARunningJobAndRecordsIt() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        StockFetcher slowOnce = symbol -> {
            if (first.getAndSet(false)) {
                fetching.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError("the running job was interrupted by shutdown", e);
                }
            }
            return 42.0;
        };
        StockJob job = new StockJob("slow-job", "Slow Job", List.of("AAPL", "MSFT"));
        DemoConfig config = DemoConfig.defaults().withPort(0).withTiming(Duration.ofSeconds(60), Duration.ZERO);
        StockSchedulerApp app = new StockSchedulerApp(config, registry, slowOnce, List.of(job));
        app.start();
        assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(app::close);
        closer.start();
        closer.join(200);
        assertThat(closer.isAlive()).as("close() returned while a job was still running").isTrue();
        assertThat(registry.findLatest("slow-job")).hasValueSatisfying(
                run -> assertThat(run.status()).isEqualTo(ExecutionStatus.RUNNING));

        release.countDown();
        closer.join(5_000);
        assertThat(closer.isAlive()).isFalse();
        List<ExecutionRecord> runs = registry.findHistory("slow-job");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(runs.get(0).succeededItems()).containsExactly("AAPL", "MSFT");
    }
}
