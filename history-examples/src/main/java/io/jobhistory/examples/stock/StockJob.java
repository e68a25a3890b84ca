package io.jobhistory.examples.stock;

import java.util.List;
import java.util.Objects;

/**
 * A scheduled stock-fetch job: fetch the prices of {@code symbols}, recorded under {@code id} as {@code name}.
 *
 * @param id      stable job id, the key of its history
 * @param name    human-readable name, such as {@code Daily AAPL}
 * @param symbols the stock symbols to fetch, in order
 */
public record StockJob(String id, String name, List<String> symbols) {

    /** The demo's jobs: one that mostly half-succeeds, two steady ones, and a flaky watchlist that often fails. */
    public static final List<StockJob> DEMO_JOBS = List.of(
            new StockJob("daily-aapl", "Daily AAPL", List.of("AAPL", "MSFT", "GOOGL")),
            new StockJob("hourly-semis", "Hourly Semiconductors", List.of("NVDA", "AMD", "INTC", "TSM")),
            new StockJob("eu-blue-chips", "EU Blue Chips", List.of("SAP", "ASML", "SIE")),
            new StockJob("penny-watchlist", "Penny Stock Watchlist", List.of("GRNQ", "ZVSA")));

    /** Validates and copies. */
    public StockJob {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(name, "name must not be null");
        symbols = List.copyOf(symbols);
        if (id.isBlank() || name.isBlank() || symbols.isEmpty()) {
            throw new IllegalArgumentException("stock job '" + id + "' needs an id, a name and at least one symbol");
        }
    }
}
