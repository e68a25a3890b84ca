package io.jobhistory.examples.stock;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry the demo records into: in memory by default, or the Redis at {@link DemoConfig#redisUrl()}, laid out
 * as in the seed ({@code scheduler:execution_history:{execution_id}}, {@code scheduler:job_history_index:{job_id}}).
 * Closing it releases the Redis connections.
 */
public final class HistoryBackend implements AutoCloseable {

    private final ExecutionHistoryRegistry registry;
    private final String description;
    private final AutoCloseable resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HistoryBackend(ExecutionHistoryRegistry registry, String description, AutoCloseable resources) {
        this.registry = registry;
        this.description = description;
        this.resources = resources;
    }

    /** The backend {@code config} asks for. */
    public static HistoryBackend open(DemoConfig config) {
        if (config.redisUrl().isPresent()) {
            return redis(config.redisUrl().get());
        }
        return new HistoryBackend(InMemoryExecutionHistoryRegistry.create(), "in memory (set REDIS_URL to use Redis)",
                () -> { });
    }

    /** The Redis at {@code url}, checked with one call so a wrong URL fails at startup rather than on every run. */
    private static HistoryBackend redis(URI url) {
        String where = "Redis at " + url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort());
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(url.toString());
        try {
            registry.findJobIds();
        } catch (RuntimeException e) {
            registry.close();
            throw new IllegalStateException("Could not reach " + where + ": " + e.getMessage(), e);
        }
        return new HistoryBackend(registry, where + " (keys " + registry.keyPrefix() + ":execution_history:*, "
                + registry.keyPrefix() + ":job_history_index:*)", registry);
    }

    /** Where runs are recorded. */
    public ExecutionHistoryRegistry registry() {
        return registry;
    }

    /** For the log, such as {@code in memory} or {@code Redis at redis://localhost:6379}. */
    public String description() {
        return description;
    }

    /** Releases the Redis connections, if any. Only the first call does anything. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close " + description, e);
        }
    }
}
