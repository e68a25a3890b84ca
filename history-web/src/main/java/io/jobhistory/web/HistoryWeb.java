package io.jobhistory.web;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jobhistory.ExecutionHistoryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The history's read-only JSON API and dashboard over one registry, for the JDK's {@code HttpServer}
 * ({@link #mount}) or any other server ({@link #respond}). Every path is below {@link #basePath()}
 * ({@value #DEFAULT_BASE_PATH} by default): {@code /jobs}, {@code /jobs/{job_id}/history},
 * {@code /jobs/{job_id}/latest-execution}, {@code /jobs/{job_id}/summary}, {@code /executions/{execution_id}},
 * {@code /overview} and the dashboard at {@code /dashboard/}. Parameters, paging headers, error codes and field
 * names: <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/web.md">docs/web.md</a>.
 *
 * <p>The JDK's server has no security of its own: give {@link Builder#accessControl} and/or
 * {@link Builder#basicAuth} to decide who may read, and {@link Builder#redaction} to scrub errors and stack traces.
 * Thread-safe once built.
 */
public final class HistoryWeb {

    /** The base path when none is given. */
    public static final String DEFAULT_BASE_PATH = "/jobhistory";

    /** The Content-Security-Policy sent with every response: scripts and styles from this server only. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(HistoryWeb.class);
    private static final String DASHBOARD = "dashboard";
    private static final Map<String, String> STATIC_FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "job.html", "text/html; charset=utf-8",
            "run.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final String basePath;
    private final ApiRoutes api;
    private final ApiRoutes dashboardApi;
    private final Map<String, byte[]> dashboardFiles;
    private final Predicate<HttpExchange> accessControl;
    private final BasicAuthenticator authenticator;

    private HistoryWeb(Builder builder) {
        this.basePath = builder.basePath;
        Map<String, String> jobs = Map.copyOf(builder.configuredJobs);
        this.api = new ApiRoutes(builder.registry, jobs, new ApiJson(builder.fieldNames, builder.redaction),
                builder.clock);
        this.dashboardApi = new ApiRoutes(builder.registry, jobs, new ApiJson(FieldNames.LIBRARY, builder.redaction),
                builder.clock);
        this.dashboardFiles = builder.dashboard ? loadDashboard() : Map.of();
        this.accessControl = builder.accessControl;
        this.authenticator = builder.authenticator;
    }

    /** A builder over {@code registry}, which the web layer only reads. */
    public static Builder builder(ExecutionHistoryRegistry registry) {
        return new Builder(registry);
    }

    /** The path every endpoint is under, such as {@code /jobhistory}; empty for the server's root. */
    public String basePath() {
        return basePath;
    }

    /** The dashboard's path, such as {@code /jobhistory/dashboard/}. */
    public String dashboardPath() {
        return basePath + "/" + DASHBOARD + "/";
    }

    /**
     * Serves the API and the dashboard on {@code server} under {@link #basePath()}, with the access check and basic
     * authentication configured. The server's own executor and lifecycle stay the caller's.
     *
     * @return the context created, for adding filters
     * @throws IllegalArgumentException if {@code server} already has a context at that path
     */
    public HttpContext mount(HttpServer server) {
        Objects.requireNonNull(server, "server must not be null");
        HttpContext context = server.createContext(basePath.isEmpty() ? "/" : basePath, this::handle);
        if (authenticator != null) {
            context.setAuthenticator(authenticator);
        }
        return context;
    }

    /**
     * Answers one request, for mounting on a server other than the JDK's. No access check is made here: that is
     * the host server's job.
     *
     * @param method   the request method, such as {@code GET}
     * @param rawPath  the path as sent, still percent-encoded, such as {@code /jobhistory/jobs/a%2Fb/history}
     * @param rawQuery the query as sent, still percent-encoded, or {@code null}
     */
    public WebResponse respond(String method, String rawPath, String rawQuery) {
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(rawPath, "rawPath must not be null");
        try {
            return route(method, rawPath, rawQuery);
        } catch (ApiException e) {
            return json(e.status(), ApiJson.error(e.getMessage()), Map.of());
        } catch (IllegalArgumentException e) {
            // an id or value the registry refuses: the caller's mistake, and its message names the value
            return json(400, ApiJson.error(e.getMessage()), Map.of());
        } catch (RuntimeException e) {
            // the store's own words (hosts, stored text) stay in the server's log
            String reference = Long.toHexString(System.nanoTime());
            log.error("Request {} {} failed (reference {})", method, rawPath, reference, e);
            return json(500, ApiJson.error("Could not read the history (the server's log has the cause, reference "
                    + reference + ")"), Map.of());
        }
    }

    private WebResponse route(String method, String rawPath, String rawQuery) {
        String notFound = "No endpoint at " + rawPath + "; try GET " + basePath + "/jobs";
        if (!rawPath.equals(basePath) && !rawPath.startsWith(basePath + "/")) {
            throw ApiException.notFound(notFound);
        }
        List<String> path = UriCodec.pathSegments(rawPath.substring(basePath.length()));
        if (!dashboardFiles.isEmpty() && !path.isEmpty() && path.get(0).equals(DASHBOARD)) {
            return dashboard(method, rawPath, rawQuery, path.subList(1, path.size()), notFound);
        }
        if (!ApiRoutes.matches(path)) {
            throw ApiException.notFound(notFound);
        }
        if (!"GET".equals(method)) {
            return methodNotAllowed(method);
        }
        ApiRoutes.Result result = api.get(basePath, path, UriCodec.queryParameters(rawQuery));
        return json(200, result.body, result.headers, true);
    }

    private WebResponse dashboard(String method, String rawPath, String rawQuery, List<String> path,
                                  String notFound) {
        if (path.size() > 1 && path.get(0).equals("api")) {
            List<String> apiPath = path.subList(1, path.size());
            if (!ApiRoutes.matches(apiPath)) {
                throw ApiException.notFound(notFound);
            }
            if (!"GET".equals(method)) {
                return methodNotAllowed(method);
            }
            ApiRoutes.Result result = dashboardApi.get(dashboardPath() + "api", apiPath,
                    UriCodec.queryParameters(rawQuery));
            return json(200, result.body, result.headers, false);
        }
        if (path.isEmpty()) {
            Map<String, String> headers = securityHeaders("text/plain; charset=utf-8");
            headers.put("Location", dashboardPath());
            return new WebResponse(308, headers, new byte[0]);
        }
        String file = path.size() == 1 ? (path.get(0).isEmpty() ? "index.html" : path.get(0)) : null;
        byte[] content = file == null ? null : dashboardFiles.get(file);
        if (content == null) {
            throw ApiException.notFound(notFound);
        }
        if (!"GET".equals(method)) {
            return methodNotAllowed(method);
        }
        Map<String, String> headers = securityHeaders(STATIC_FILES.get(file));
        headers.put("Cache-Control", "no-cache");
        return new WebResponse(200, headers, content);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            WebResponse response;
            if (allowed(exchange)) {
                response = respond(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery());
            } else {
                response = json(403, ApiJson.error("Access denied"), Map.of());
            }
            send(exchange, response);
        }
    }

    private boolean allowed(HttpExchange exchange) {
        try {
            return accessControl.test(exchange);
        } catch (RuntimeException e) {
            log.warn("The access check failed for {} {}; refusing the request", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e);
            return false;
        }
    }

    /** Sends {@code response} on {@code exchange}. */
    static void send(HttpExchange exchange, WebResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = response.bodyNoCopy();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A JSON 404 for paths outside every mounted base path. */
    static WebResponse notFound(String rawPath, String hint) {
        return json(404, ApiJson.error("No endpoint at " + rawPath + "; try GET " + hint), Map.of());
    }

    private static WebResponse methodNotAllowed(String method) {
        Map<String, String> allow = Map.of("Allow", "GET");
        return json(405, ApiJson.error(method + " is not allowed here; use GET"), allow);
    }

    private static WebResponse json(int status, ApiJson.Body body, Map<String, String> extra) {
        return json(status, body, extra, true);
    }

    private static WebResponse json(int status, ApiJson.Body body, Map<String, String> extra, boolean pretty) {
        Map<String, String> headers = securityHeaders("application/json; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.putAll(extra);
        return new WebResponse(status, headers, ApiJson.bytes(body, pretty));
    }

    private static Map<String, String> securityHeaders(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        return headers;
    }

    private static Map<String, byte[]> loadDashboard() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : STATIC_FILES.keySet()) {
            try (InputStream in = HistoryWeb.class.getResourceAsStream("dashboard/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("The dashboard file " + file + " is missing from the jar");
                }
                files.put(file, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the dashboard file " + file, e);
            }
        }
        return Map.copyOf(files);
    }

    /** Builds a {@link HistoryWeb}; every setting is optional. */
    public static final class Builder {
        private final ExecutionHistoryRegistry registry;
        private String basePath = DEFAULT_BASE_PATH;
        private FieldNames fieldNames = FieldNames.LIBRARY;
        private Map<String, String> configuredJobs = Map.of();
        private boolean dashboard = true;
        private Predicate<HttpExchange> accessControl = exchange -> true;
        private BasicAuthenticator authenticator;
        private UnaryOperator<String> redaction = UnaryOperator.identity();
        private Clock clock = Clock.systemUTC();

        private Builder(ExecutionHistoryRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
        }

        /**
         * The path every endpoint is under: {@code /jobhistory} by default, {@code /scheduler} for the seed's URLs,
         * {@code ""} or {@code "/"} for the root.
         *
         * @throws IllegalArgumentException if it does not start with {@code /}, ends with {@code /} (other than the
         *                                  root) or holds characters other than letters, digits, {@code -._~/}
         */
        public Builder basePath(String basePath) {
            Objects.requireNonNull(basePath, "basePath must not be null");
            String path = basePath.equals("/") ? "" : basePath;
            if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/") || path.contains("//")
                    || !path.matches("[A-Za-z0-9._~/-]+"))) {
                throw new IllegalArgumentException("basePath must be \"/\" or start with / and hold path segments of "
                        + "letters, digits and -._~ with no trailing /, but was '" + basePath + "'");
            }
            this.basePath = path;
            return this;
        }

        /** Field names of a run in the API: {@link FieldNames#LIBRARY} (default) or the seed's stock names. */
        public Builder fieldNames(FieldNames fieldNames) {
            this.fieldNames = Objects.requireNonNull(fieldNames, "fieldNames must not be null");
            return this;
        }

        /**
         * Jobs known by id even before their first run, with their display names (which win over the name of their
         * latest run).
         */
        public Builder configuredJobs(Map<String, String> namesById) {
            Objects.requireNonNull(namesById, "configuredJobs must not be null");
            namesById.forEach((id, name) -> {
                Objects.requireNonNull(id, "a configured job id must not be null");
                Objects.requireNonNull(name, "the name of configured job '" + id + "' must not be null");
            });
            this.configuredJobs = new LinkedHashMap<>(namesById);
            return this;
        }

        /** Whether to serve the dashboard under {@code {base}/dashboard/} (default true). */
        public Builder dashboard(boolean enabled) {
            this.dashboard = enabled;
            return this;
        }

        /**
         * Who may read: called for every request on the JDK mount before anything is read; {@code false} answers
         * 403. A check that throws refuses too. For example, only loopback clients:
         * {@code exchange -> exchange.getRemoteAddress().getAddress().isLoopbackAddress()}.
         */
        public Builder accessControl(Predicate<HttpExchange> allowed) {
            this.accessControl = Objects.requireNonNull(allowed, "accessControl must not be null");
            return this;
        }

        /**
         * HTTP basic authentication on the JDK mount: {@code credentials} gets the user name and password of each
         * request and says whether they are valid; without them the answer is 401 with a challenge for
         * {@code realm}. Serve it over TLS (an {@code HttpsServer} or a proxy), as basic auth sends the password in
         * clear.
         */
        public Builder basicAuth(String realm, BiPredicate<String, String> credentials) {
            Objects.requireNonNull(realm, "realm must not be null");
            Objects.requireNonNull(credentials, "credentials must not be null");
            this.authenticator = new BasicAuthenticator(realm) {
                @Override
                public boolean checkCredentials(String user, String password) {
                    return credentials.test(user, password);
                }
            };
            return this;
        }

        /**
         * Applied to each error message and stack trace before it is served (for example to mask passwords in
         * connection strings); a {@code null} result is served as an empty string. Default: unchanged.
         */
        public Builder redaction(UnaryOperator<String> redaction) {
            this.redaction = Objects.requireNonNull(redaction, "redaction must not be null");
            return this;
        }

        /** The clock for the overview's {@code generated_at} (default UTC system clock); for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** The configured web layer. */
        public HistoryWeb build() {
            return new HistoryWeb(this);
        }
    }
}
