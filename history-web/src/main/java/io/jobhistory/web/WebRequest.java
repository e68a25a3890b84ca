package io.jobhistory.web;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as {@link HistoryWeb#handle} needs it, independent of any server: an adapter (the standalone
 * server, the servlet adapter, or your own) builds it from its server's request. Immutable.
 *
 * <pre>{@code
 * WebRequest request = WebRequest.builder("GET", "/jobhistory/jobs")
 *         .header("Host", "localhost:8080")
 *         .build();
 * }</pre>
 */
public final class WebRequest {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, String> headers;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;

    private WebRequest(Builder b) {
        this.method = b.method;
        this.rawPath = b.rawPath;
        this.rawQuery = b.rawQuery;
        this.headers = Map.copyOf(b.headers);
        this.remoteAddress = b.remoteAddress;
        this.localAddress = b.localAddress;
    }

    /**
     * A request with {@code method} (such as {@code GET}) for {@code rawPath}, the path as sent: still
     * percent-encoded, without the query, such as {@code /jobhistory/jobs/a%2Fb/history}.
     */
    public static Builder builder(String method, String rawPath) {
        return new Builder(method, rawPath);
    }

    /** The request method, such as {@code GET}. */
    public String method() {
        return method;
    }

    /** The path as sent, still percent-encoded, without the query. */
    public String rawPath() {
        return rawPath;
    }

    /** The query as sent, still percent-encoded, without the {@code ?}; empty when there is none. */
    public Optional<String> rawQuery() {
        return Optional.ofNullable(rawQuery);
    }

    /** The first value of header {@code name} (any case), if sent. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The client's address, if the server knows it. */
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** The server's own address the request arrived at, if the server knows it. */
    public Optional<InetSocketAddress> localAddress() {
        return Optional.ofNullable(localAddress);
    }

    @Override
    public String toString() {
        return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }

    /** Builds a {@link WebRequest}; only the method and path are required. */
    public static final class Builder {
        private final String method;
        private final String rawPath;
        private String rawQuery;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private InetSocketAddress remoteAddress;
        private InetSocketAddress localAddress;

        private Builder(String method, String rawPath) {
            this.method = Objects.requireNonNull(method, "method must not be null");
            this.rawPath = Objects.requireNonNull(rawPath, "rawPath must not be null");
        }

        /** The query as sent, still percent-encoded, without the {@code ?}; null for none. */
        public Builder rawQuery(String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        /** A header as sent; a name given again (in any case) keeps its first value, as servers read it. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name must not be null");
            Objects.requireNonNull(value, "value of header '" + name + "' must not be null");
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        /** The client's address. */
        public Builder remoteAddress(InetSocketAddress remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        /** The server's own address the request arrived at; its host is always an allowed {@code Host}. */
        public Builder localAddress(InetSocketAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /** The request. */
        public WebRequest build() {
            return new WebRequest(this);
        }
    }
}
