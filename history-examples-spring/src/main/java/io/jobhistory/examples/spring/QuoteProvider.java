package io.jobhistory.examples.spring;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A quote provider that makes prices up and fails some symbols some of the time, like the seed's: GOOGL times out
 * half of the time, the penny stocks fail more often than not, everything else now and then.
 */
@Component
public class QuoteProvider {

    private static final Map<String, Double> FAILURE_RATES = Map.of("GOOGL", 0.5, "GRNQ", 0.7, "ZVSA", 0.7);

    /** The current price of {@code symbol}, or an exception saying why there is none. */
    public double price(String symbol) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < FAILURE_RATES.getOrDefault(symbol, 0.05)) {
            if (symbol.equals("GOOGL")) {
                throw new SocketTimeoutException("Connection timeout after 30s");
            }
            throw new IOException("HTTP 503 Service Unavailable from quote provider");
        }
        return Math.round((10 + random.nextDouble() * 490) * 100) / 100.0;
    }
}
