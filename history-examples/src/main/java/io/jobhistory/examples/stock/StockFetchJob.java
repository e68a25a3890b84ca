package io.jobhistory.examples.stock;

import io.jobhistory.recorder.RunContext;
import io.jobhistory.recorder.ItemJob;

import java.io.IOException;

/**
 * One run of a {@link StockJob}: fetches each symbol and reports it to the recorder as fetched, or as failed with
 * an error such as {@code Failed to fetch GOOGL: Connection timeout after 30s}.
 */
public final class StockFetchJob implements ItemJob {

    private final StockJob job;
    private final StockFetcher fetcher;

    /** The job {@code job}, fetching from {@code fetcher}. */
    public StockFetchJob(StockJob job, StockFetcher fetcher) {
        this.job = job;
        this.fetcher = fetcher;
    }

    @Override
    public void run(RunContext context) {
        context.totalItems(job.symbols().size());
        for (String symbol : job.symbols()) {
            try {
                fetcher.fetchPrice(symbol);
                context.succeeded(symbol);
            } catch (IOException e) {
                context.failed(symbol, "Failed to fetch " + symbol + ": " + e.getMessage());
            }
        }
    }
}
