package io.jobhistory.examples.stock;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's settings, read from the environment in one place ({@link #fromEnvironment}) and passed to
 * {@link StockSchedulerApp} as a value, so tests build one directly.
 *
 * @param host       address the HTTP API binds to ({@code HISTORY_DEMO_HOST}, default {@code 127.0.0.1})
 * @param port       its port, 0 for any free one ({@code HISTORY_DEMO_PORT}, default 8080)
 * @param redisUrl   Redis to record into, such as {@code redis://localhost:6379} ({@code REDIS_URL}); empty for
 *                   in-memory
 * @param runFor     stop after this long ({@code HISTORY_DEMO_SECONDS}); empty to run until stopped
 * @param interval   pause between two runs of a job ({@code HISTORY_DEMO_INTERVAL_SECONDS}, default 5)
 * @param seed       seed of the simulated fetcher ({@code HISTORY_DEMO_SEED}, default random)
 * @param maxLatency longest simulated fetch of one symbol (400 ms)
 * @param shutdownTimeout how long stopping waits for running jobs (30 s)
 */
public record DemoConfig(String host, int port, Optional<URI> redisUrl, Optional<Duration> runFor, Duration interval,
                         long seed, Duration maxLatency, Duration shutdownTimeout) {

    /** Default port of the HTTP API. */
    public static final int DEFAULT_PORT = 8080;
    /** Default pause between two runs of a job. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /** Validates. */
    public DemoConfig {
        Objects.requireNonNull(host, "host must not be null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, but was " + port);
        }
        Objects.requireNonNull(redisUrl, "redisUrl must not be null");
        Objects.requireNonNull(runFor, "runFor must not be null");
        positive(interval, "interval");
        positive(shutdownTimeout, "shutdownTimeout");
        if (maxLatency.isNegative()) {
            throw new IllegalArgumentException("maxLatency must not be negative, but was " + maxLatency);
        }
    }

    /** The defaults: port 8080 on 127.0.0.1, in memory, until stopped, every 5 s, a random seed. */
    public static DemoConfig defaults() {
        return new DemoConfig("127.0.0.1", DEFAULT_PORT, Optional.empty(), Optional.empty(), DEFAULT_INTERVAL,
                ThreadLocalRandom.current().nextLong(1_000_000), Duration.ofMillis(400), Duration.ofSeconds(30));
    }

    /**
     * The defaults, overridden by {@code REDIS_URL}, {@code HISTORY_DEMO_HOST}, {@code HISTORY_DEMO_PORT},
     * {@code HISTORY_DEMO_SECONDS}, {@code HISTORY_DEMO_INTERVAL_SECONDS} and {@code HISTORY_DEMO_SEED}.
     *
     * @throws IllegalArgumentException naming the variable, if a value is not valid
     */
    public static DemoConfig fromEnvironment(Map<String, String> env) {
        DemoConfig c = defaults();
        String redis = env.get("REDIS_URL");
        Optional<URI> redisUrl = Optional.empty();
        if (redis != null && !redis.isBlank()) {
            URI uri;
            try {
                uri = new URI(redis.trim());
            } catch (URISyntaxException e) {
                uri = URI.create("invalid:" + e.getIndex());
            }
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("REDIS_URL must look like redis://host:port, but was '" + redis + "'");
            }
            redisUrl = Optional.of(uri);
        }
        String seconds = env.get("HISTORY_DEMO_SECONDS");
        return new DemoConfig(
                env.getOrDefault("HISTORY_DEMO_HOST", c.host()),
                (int) number(env, "HISTORY_DEMO_PORT", c.port(), 0, 65_535),
                redisUrl,
                seconds == null ? Optional.empty()
                        : Optional.of(Duration.ofSeconds(number(env, "HISTORY_DEMO_SECONDS", 0, 1, Long.MAX_VALUE))),
                Duration.ofSeconds(number(env, "HISTORY_DEMO_INTERVAL_SECONDS", c.interval().toSeconds(), 1, 86_400)),
                number(env, "HISTORY_DEMO_SEED", c.seed(), Long.MIN_VALUE, Long.MAX_VALUE),
                c.maxLatency(), c.shutdownTimeout());
    }

    /** This configuration on another port. */
    public DemoConfig withPort(int port) {
        return new DemoConfig(host, port, redisUrl, runFor, interval, seed, maxLatency, shutdownTimeout);
    }

    /** This configuration, stopping after {@code duration}. */
    public DemoConfig withRunFor(Duration duration) {
        return new DemoConfig(host, port, redisUrl, Optional.of(duration), interval, seed, maxLatency, shutdownTimeout);
    }

    /** This configuration with another interval between runs and longest simulated fetch. */
    public DemoConfig withTiming(Duration interval, Duration maxLatency) {
        return new DemoConfig(host, port, redisUrl, runFor, interval, seed, maxLatency, shutdownTimeout);
    }

    /** This configuration with another fetcher seed. */
    public DemoConfig withSeed(long seed) {
        return new DemoConfig(host, port, redisUrl, runFor, interval, seed, maxLatency, shutdownTimeout);
    }

    private static long number(Map<String, String> env, String name, long defaultValue, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max
                + ", but was '" + value + "'");
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + d);
        }
    }
}
