package io.jobhistory.examples.stock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stock scheduler demo: {@code mvn -q -pl history-examples -am compile exec:java}.
 *
 * <p>Configured by environment variables (see {@link DemoConfig#fromEnvironment}): {@code REDIS_URL} to record into
 * Redis, {@code HISTORY_DEMO_PORT} for the HTTP API (8080), {@code HISTORY_DEMO_SECONDS} to stop by itself.
 * Ctrl-C stops it cleanly: no new runs start, running ones finish and are recorded.
 */
public final class StockSchedulerDemo {

    private static final Logger log = LoggerFactory.getLogger(StockSchedulerDemo.class);

    private StockSchedulerDemo() {
    }

    /** Starts the demo and returns once it has stopped. */
    public static void main(String[] args) throws Exception {
        DemoConfig config;
        try {
            config = DemoConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        HistoryBackend opened;
        try {
            opened = HistoryBackend.open(config);
        } catch (IllegalStateException e) {
            log.error("{}", e.getMessage());
            System.exit(1);
            return;
        }
        try (HistoryBackend backend = opened;
             StockSchedulerApp app = StockSchedulerApp.simulated(config, backend.registry())) {
            log.info("Stock scheduler demo: recording {}", backend.description());
            // Ctrl-C: stop scheduling, let running jobs finish and be recorded, then release the backend.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(app, backend), "stock-demo-shutdown"));
            app.start();
            app.awaitStop();
        }
    }

    private static void stop(StockSchedulerApp app, HistoryBackend backend) {
        app.close();
        try {
            backend.close();
        } catch (RuntimeException e) {
            log.warn("Could not close the history backend", e);
        }
    }
}
