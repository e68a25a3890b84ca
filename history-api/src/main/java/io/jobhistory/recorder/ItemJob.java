package io.jobhistory.recorder;

/**
 * A job that reports what it does, item by item, through the {@link RunContext} the recorder hands it.
 *
 * <pre>{@code
 * Runnable job = recorder.wrap(JobIdentity.of("daily-aapl", "Daily AAPL"), context -> {
 *     for (String symbol : List.of("AAPL", "MSFT", "GOOGL")) {
 *         try {
 *             fetch(symbol);
 *             context.succeeded(symbol);
 *         } catch (IOException e) {
 *             context.failed(symbol, "Failed to fetch " + symbol + ": " + e.getMessage());
 *         }
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ItemJob {

    /** Runs the job once, reporting its items to {@code context}. */
    void run(RunContext context);
}
