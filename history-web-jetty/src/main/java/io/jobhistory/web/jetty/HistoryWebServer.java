package io.jobhistory.web.jetty;

import io.jobhistory.web.HistoryWeb;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A standalone HTTP server (Jetty 12 core) serving one {@link HistoryWeb}, for applications that run no server yet.
 * It holds against slow and hostile clients: a connection waiting for a client (headers, a body, or reading the
 * answer) holds no thread and is closed after the idle timeout; connections and threads are bounded; answers are sent
 * part by part as the client takes them; request bodies are refused past a small limit. Applications that already run
 * a server mount {@link HistoryWeb} in it instead ({@code docs/web.md}).
 *
 * <pre>{@code
 * try (HistoryWebServer server = HistoryWebServer.start(HistoryWeb.builder(registry).build(),
 *         new InetSocketAddress("127.0.0.1", 8080))) {
 *     System.out.println("Dashboard: " + server.dashboardUri());
 * }
 * }</pre>
 */
public final class HistoryWebServer implements AutoCloseable {

    /** How long a connection may make no progress (a client sending nothing, or reading nothing): 30 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The most connections open at once: 1,000; past it the server accepts no more until one closes. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1_000;
    /** The most threads, selector and acceptor included: 16. A waiting connection holds none. */
    public static final int DEFAULT_MAX_THREADS = 16;
    /** The largest request body accepted: 16 KiB (the API reads none); a larger one gets 413. */
    public static final long MAX_REQUEST_BODY = 16 * 1024;

    /** The socket send buffer of each connection: 256 KiB. */
    private static final int SEND_BUFFER = 256 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final HistoryWeb web;

    private HistoryWebServer(Server server, ServerConnector connector, HistoryWeb web) {
        this.server = server;
        this.connector = connector;
        this.web = web;
    }

    /**
     * Starts serving {@code web} at {@code address} (port 0 picks a free port) with the default limits.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static HistoryWebServer start(HistoryWeb web, InetSocketAddress address) {
        return builder(web, address).start();
    }

    /** A server for {@code web} at {@code address}, with limits to set before {@link Builder#start()}. */
    public static Builder builder(HistoryWeb web, InetSocketAddress address) {
        return new Builder(web, address);
    }

    /** The port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The server's root URL, such as {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
        // a browser cannot open a wildcard address, and would send it as Host: name the loopback address instead
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "::1";
        }
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

    /** Stops accepting requests, closes every connection, and stops its threads. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the history web server on port " + port(), e);
        }
    }

    /** The server's limits; every setting is optional. */
    public static final class Builder {
        private final HistoryWeb web;
        private final InetSocketAddress address;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxThreads = DEFAULT_MAX_THREADS;

        private Builder(HistoryWeb web, InetSocketAddress address) {
            this.web = Objects.requireNonNull(web, "web must not be null");
            this.address = Objects.requireNonNull(address, "address must not be null");
        }

        /**
         * How long a connection may make no progress before it is closed: a client that sends its request or reads
         * the answer more slowly than this between two packets. Default {@link #DEFAULT_IDLE_TIMEOUT}.
         *
         * @throws IllegalArgumentException if shorter than 1 s
         */
        public Builder idleTimeout(Duration idleTimeout) {
            Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
            if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("idleTimeout must be at least 1 s, but was " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * The most connections open at once. Default {@value #DEFAULT_MAX_CONNECTIONS}.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, but was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * The most threads the server runs, one acceptor and one selector included. Default
         * {@value #DEFAULT_MAX_THREADS}.
         *
         * @throws IllegalArgumentException if less than 6
         */
        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 6) {
                throw new IllegalArgumentException("maxThreads must be at least 6 (an acceptor, a selector and "
                        + "request threads), but was " + maxThreads);
            }
            this.maxThreads = maxThreads;
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws UncheckedIOException if the address cannot be bound
         */
        public HistoryWebServer start() {
            QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 2);
            threads.setName("history-web");
            threads.setDaemon(true);
            Server server = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // Ids may hold any character: the API decodes the raw path itself, segment by segment, so %2F, %25, %2E
            // and empty segments are data, not paths to normalize; bad encodings get the API's JSON 400.
            http.setUriCompliance(UriCompliance.DEFAULT.with("jobhistory-ids",
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
                    UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
                    UriCompliance.Violation.BAD_UTF8_ENCODING, UriCompliance.Violation.TRUNCATED_UTF8_ENCODING,
                    UriCompliance.Violation.BAD_PERCENT_ENCODING));
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(address.getHostString());
            connector.setPort(address.getPort());
            connector.setIdleTimeout(idleTimeout.toMillis());
            // What a client that stops reading can make the server produce ahead: this much in the kernel and one
            // part in memory, then nothing until it reads again (or the idle timeout closes it).
            connector.setAcceptedSendBufferSize(SEND_BUFFER);
            server.addConnector(connector);
            server.addBean(new NetworkConnectionLimit(maxConnections, connector));
            server.setHandler(new SizeLimitHandler(MAX_REQUEST_BODY, -1));
            ((SizeLimitHandler) server.getHandler()).setHandler(new WebHandler(web));
            server.setErrorHandler(new JsonErrorHandler(web));
            try {
                server.start();
            } catch (IOException e) {
                stopQuietly(server);
                throw new UncheckedIOException("Could not listen on " + address + ": " + e.getMessage(), e);
            } catch (Exception e) {
                stopQuietly(server);
                throw new IllegalStateException("Could not start the history web server on " + address, e);
            }
            return new HistoryWebServer(server, connector, web);
        }

        private static void stopQuietly(Server server) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // it did not start; nothing to stop
            }
        }
    }
}
