package io.jobhistory.examples.stock;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedStockFetcherTest {

    @Test
    void sameSeedGivesSameOutcomes() {
        assertThat(outcomes(new SimulatedStockFetcher(3, Duration.ZERO), "GOOGL", 50))
                .isEqualTo(outcomes(new SimulatedStockFetcher(3, Duration.ZERO), "GOOGL", 50));
    }

    @Test
    void googleSometimesTimesOutLikeInTheSeed() {
        List<String> outcomes = outcomes(new SimulatedStockFetcher(3, Duration.ZERO), "GOOGL", 50);
        assertThat(outcomes).contains("price", SocketTimeoutException.class.getName()
                + ": Connection timeout after 30s");
    }

    private static List<String> outcomes(StockFetcher fetcher, String symbol, int n) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                assertThat(fetcher.fetchPrice(symbol)).isPositive();
                outcomes.add("price");
            } catch (IOException e) {
                outcomes.add(e.toString());
            }
        }
        return outcomes;
    }
}
