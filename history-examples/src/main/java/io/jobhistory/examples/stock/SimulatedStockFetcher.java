package io.jobhistory.examples.stock;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quote provider that makes things up and fails some symbols some of the time: GOOGL times out half of the time,
 * the penny stocks fail more often than not, everything else now and then.
 *
 * <p>Deterministic for a seed: the outcome of the n-th fetch of a symbol depends only on the seed, the symbol and
 * n, not on thread timing. Each fetch also sleeps a random time up to {@code maxLatency}.
 */
public final class SimulatedStockFetcher implements StockFetcher {

    /** Failure probability by symbol; others fail with {@link #DEFAULT_FAILURE_RATE}. */
    static final Map<String, Double> FAILURE_RATES = Map.of("GOOGL", 0.5, "GRNQ", 0.7, "ZVSA", 0.7);
    /** Failure probability of symbols not in {@link #FAILURE_RATES}. */
    static final double DEFAULT_FAILURE_RATE = 0.05;

    private static final String[] PROBLEMS = {
        "HTTP 503 Service Unavailable from quote provider",
        "Rate limit exceeded (HTTP 429), retry after 60s",
        "Connection reset by peer",
    };

    private final long seed;
    private final long maxLatencyMillis;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    /** A fetcher whose outcomes follow {@code seed}, each fetch taking up to {@code maxLatency}. */
    public SimulatedStockFetcher(long seed, Duration maxLatency) {
        this.seed = seed;
        this.maxLatencyMillis = maxLatency.toMillis();
    }

    @Override
    public double fetchPrice(String symbol) throws IOException {
        long n = calls.computeIfAbsent(symbol, s -> new AtomicLong()).getAndIncrement();
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + symbol.hashCode() * 31L + n * 7_919L);
        if (maxLatencyMillis > 0) {
            try {
                Thread.sleep(random.nextLong(maxLatencyMillis + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while fetching " + symbol, e);
            }
        }
        if (random.nextDouble() < FAILURE_RATES.getOrDefault(symbol, DEFAULT_FAILURE_RATE)) {
            if (symbol.equals("GOOGL")) {
                throw new SocketTimeoutException("Connection timeout after 30s");
            }
            throw new IOException(PROBLEMS[random.nextInt(PROBLEMS.length)]);
        }
        return Math.round((10 + random.nextDouble() * 490) * 100) / 100.0;
    }
}
