package io.jobhistory.examples.stock;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.examples.basics.ConsecutiveFailureAlert;
import io.jobhistory.recorder.FailureHandling;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.web.FieldNames;
import io.jobhistory.web.HistoryWeb;
import io.jobhistory.web.jetty.HistoryWebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stock scheduler demo, wired: the jobs on a {@link StockScheduler}, each run recorded into {@code registry}
 * and logged, and the history's HTTP API and dashboard ({@code history-web}) reading the same registry, with the
 * seed's URLs ({@code /scheduler/...}) and field names ({@code fetched_stocks}, ...).
 *
 * <pre>{@code
 * try (StockSchedulerApp app = StockSchedulerApp.simulated(DemoConfig.defaults(), registry)) {
 *     app.start();
 *     app.awaitStop();
 * }
 * }</pre>
 */
public final class StockSchedulerApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StockSchedulerApp.class);

    private final DemoConfig config;
    private final ExecutionHistoryRegistry registry;
    private final List<StockJob> jobs;
    private final JobExecutionRecorder recorder;
    private final StockScheduler scheduler;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile HistoryWebServer server;

    /** The app running {@code jobs} with prices from {@code fetcher}, recording into {@code registry}. */
    public StockSchedulerApp(DemoConfig config, ExecutionHistoryRegistry registry, StockFetcher fetcher,
                             List<StockJob> jobs) {
        this.config = config;
        this.registry = registry;
        this.jobs = List.copyOf(jobs);
        this.recorder = JobExecutionRecorder.builder(registry)
                .failureHandling(FailureHandling.SUPPRESS) // a throwing run must not cancel its schedule
                .listener(new RunLogger())
                .listener(new ConsecutiveFailureAlert(2))
                .build();
        this.scheduler = new StockScheduler(jobs, fetcher, recorder, config.interval());
    }

    /** The demo's {@link StockJob#DEMO_JOBS} with a {@link SimulatedStockFetcher} seeded from {@code config}. */
    public static StockSchedulerApp simulated(DemoConfig config, ExecutionHistoryRegistry registry) {
        return new StockSchedulerApp(config, registry, new SimulatedStockFetcher(config.seed(), config.maxLatency()),
                StockJob.DEMO_JOBS);
    }

    /**
     * The demo's web layer over {@code registry}: the seed's base path {@code /scheduler} and field names, the
     * dashboard at {@code /scheduler/dashboard/}.
     */
    public static HistoryWeb webFor(ExecutionHistoryRegistry registry, Map<String, String> configuredJobs) {
        return HistoryWeb.builder(registry)
                .basePath("/scheduler")
                .fieldNames(FieldNames.STOCKS_COMPAT)
                .configuredJobs(configuredJobs)
                .build();
    }

    /** Starts the HTTP API and the scheduler, and logs URLs to try. */
    public void start() {
        Map<String, String> names = new LinkedHashMap<>();
        jobs.forEach(job -> names.put(job.id(), job.name()));
        server = HistoryWebServer.start(webFor(registry, names), new InetSocketAddress(config.host(), config.port()));
        scheduler.start();
        String base = server.baseUri().toString();
        String job = jobs.get(0).id();
        log.info("{} jobs run every {}s (simulated fetcher, seed {}).",
                jobs.size(), config.interval().toMillis() / 1000.0, config.seed());
        log.info("Dashboard: {}", server.dashboardUri());
        log.info("History API at {}/scheduler - try:", base);
        log.info("  curl {}/scheduler/jobs", base);
        log.info("  curl '{}/scheduler/jobs/{}/history?limit=5'", base, job);
        log.info("  curl '{}/scheduler/jobs/{}/history?status=failed&limit=10'", base, job);
        log.info("  curl {}/scheduler/jobs/{}/latest-execution", base, job);
        log.info("  curl {}/scheduler/jobs/{}/summary", base, job);
        log.info("  curl {}/scheduler/executions/<execution_id>", base);
        log.info(config.runFor().map(d -> "Stopping by itself after " + d.toSeconds() + "s.")
                .orElse("Stop with Ctrl-C."));
    }

    /** The dashboard's URL; only after {@link #start()}. */
    public URI dashboardUri() {
        return server.dashboardUri();
    }

    /** The base URL of the HTTP API; only after {@link #start()}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** Blocks until {@link #close()} has run, or, with {@link DemoConfig#runFor()}, until then and then closes. */
    public void awaitStop() throws InterruptedException {
        if (config.runFor().isPresent()) {
            if (!stopped.await(config.runFor().get().toMillis(), TimeUnit.MILLISECONDS)) {
                close();
            }
        } else {
            stopped.await();
        }
    }

    /**
     * Stops: starts no new runs, waits up to {@link DemoConfig#shutdownTimeout()} for running ones to finish and be
     * recorded, then stops the HTTP API. Safe to call more than once and from several threads (such as a shutdown
     * hook); every call returns once the app has stopped.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            log.info("Stopping: no new runs; waiting for running jobs to finish");
            if (!scheduler.stop(config.shutdownTimeout())) {
                log.warn("Some jobs were still running after {}; their runs stay recorded as running",
                        config.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            recorder.close();
            HistoryWebServer s = server;
            if (s != null) {
                s.close();
            }
            stopped.countDown();
            log.info("Stopped");
        }
    }

    private void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
