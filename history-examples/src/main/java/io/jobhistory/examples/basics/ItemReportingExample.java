package io.jobhistory.examples.basics;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.ItemJob;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.recorder.JobExecutionRecorder;

import java.util.List;

/**
 * Reporting items through the recorder's context: each symbol succeeds or fails on its own, and the run is
 * recorded as {@code partial_success} with the failed symbol and its error.
 */
public final class ItemReportingExample {

    private ItemReportingExample() {
    }

    /** Runs the example. */
    public static void main(String[] args) {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        try (JobExecutionRecorder recorder = JobExecutionRecorder.create(registry)) {
            List<String> symbols = List.of("AAPL", "MSFT", "GOOGL");
            ItemJob fetchPrices = context -> {
                context.totalItems(symbols.size());
                context.attribute("source", "example-feed");
                for (String symbol : symbols) {
                    if (symbol.equals("GOOGL")) {
                        context.failed(symbol, "Failed to fetch GOOGL: Connection timeout after 30s");
                    } else {
                        context.succeeded(symbol);
                    }
                }
            };
            recorder.run(JobIdentity.of("daily-aapl", "Daily AAPL"), fetchPrices);
        }
        Examples.printHistory(registry, "daily-aapl");
    }
}
