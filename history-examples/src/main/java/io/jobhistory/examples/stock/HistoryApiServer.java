package io.jobhistory.examples.stock;

import com.sun.net.httpserver.HttpServer;
import io.jobhistory.ExecutionHistoryRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's history API over HTTP, on the JDK's built-in server. Every endpoint answers JSON to {@code GET}:
 *
 * <ul>
 *   <li>{@code /scheduler/jobs}: the known jobs, {@code [{"job_id": ..., "job_name": ...}]}</li>
 *   <li>{@code /scheduler/jobs/{job_id}/history?limit=50&status=failed&from=...&to=...&cursor=...}: a JSON array
 *       of runs, newest first. When more runs match, the response carries the next page's cursor in
 *       {@code X-Next-Cursor} and the next page's URL in {@code Link: <...>; rel="next"}.</li>
 *   <li>{@code /scheduler/jobs/{job_id}/latest-execution}: the most recent run</li>
 *   <li>{@code /scheduler/jobs/{job_id}/summary}: the job's {@link io.jobhistory.JobSummary}</li>
 *   <li>{@code /scheduler/executions/{execution_id}}: one run</li>
 * </ul>
 *
 * <p>Errors are {@code {"error": "..."}}: 400 for bad parameters, 404 for unknown jobs, runs and paths, 405 (with
 * {@code Allow: GET}) for other methods, 500 if the store fails.
 */
public final class HistoryApiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private HistoryApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code registry} at {@code address} (port 0 picks a free port).
     *
     * @param configuredJobs names of the scheduler's jobs by id; jobs with recorded runs are known too
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static HistoryApiServer start(ExecutionHistoryRegistry registry, Map<String, String> configuredJobs,
                                         InetSocketAddress address) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "history-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", new HistoryApiHandler(registry, configuredJobs));
        server.setExecutor(executor);
        server.start();
        return new HistoryApiServer(server, executor);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, such as {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        String host = server.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Stops accepting requests, and stops. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
