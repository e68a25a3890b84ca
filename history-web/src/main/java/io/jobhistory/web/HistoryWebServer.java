package io.jobhistory.web;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@code HttpServer} of its own serving one {@link HistoryWeb}, for applications that have no server yet.
 * Paths outside the web layer's base path answer a JSON 404 too. To share a server, use {@link HistoryWeb#mount}.
 *
 * <pre>{@code
 * try (HistoryWebServer server = HistoryWebServer.start(HistoryWeb.builder(registry).build(),
 *         new InetSocketAddress("127.0.0.1", 8080))) {
 *     System.out.println("Dashboard: " + server.dashboardUri());
 * }
 * }</pre>
 */
public final class HistoryWebServer implements AutoCloseable {

    /** Threads answering requests. */
    public static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final HistoryWeb web;

    private HistoryWebServer(HttpServer server, ExecutorService executor, HistoryWeb web) {
        this.server = server;
        this.executor = executor;
        this.web = web;
    }

    /**
     * Starts serving {@code web} at {@code address} (port 0 picks a free port) on {@value #THREADS} daemon threads.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static HistoryWebServer start(HistoryWeb web, InetSocketAddress address) {
        Objects.requireNonNull(web, "web must not be null");
        Objects.requireNonNull(address, "address must not be null");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "history-web-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        web.mount(server);
        if (!web.basePath().isEmpty()) {
            String hint = web.basePath() + "/jobs";
            server.createContext("/", exchange -> {
                try (exchange) {
                    HistoryWeb.send(exchange, HistoryWeb.notFound(exchange.getRequestURI().getRawPath(), hint));
                }
            });
        }
        server.setExecutor(executor);
        server.start();
        return new HistoryWebServer(server, executor, web);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The server's root URL, such as {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        String host = server.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** The API's URL, such as {@code http://127.0.0.1:8080/jobhistory}. */
    public URI apiUri() {
        return URI.create(baseUri() + web.basePath());
    }

    /** The dashboard's URL, such as {@code http://127.0.0.1:8080/jobhistory/dashboard/}. */
    public URI dashboardUri() {
        return URI.create(baseUri() + web.dashboardPath());
    }

    /** Stops accepting requests, and stops. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
