package io.jobhistory.examples.stock;

import java.io.IOException;

/** Where prices come from. Implementations are called from several scheduler threads at once. */
@FunctionalInterface
public interface StockFetcher {

    /**
     * The current price of {@code symbol}.
     *
     * @throws IOException if the price could not be fetched; its message says why, such as
     *                     {@code Connection timeout after 30s}
     */
    double fetchPrice(String symbol) throws IOException;
}
