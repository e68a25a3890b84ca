package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The history's read-only JSON API and dashboard over one registry, independent of any HTTP server: an adapter hands
 * each request to {@link #handle} and sends the {@link WebResponse} back. Adapters: the standalone server
 * ({@code HistoryWebServer} in {@code history-web-jetty}), {@link io.jobhistory.web.servlet.HistoryWebServlet} for any
 * servlet container, and the Spring Boot starter. Every path is below {@link #basePath()} ({@value #DEFAULT_BASE_PATH}
 * by default). Endpoints, parameters, paging, error codes and field names:
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/web.md">docs/web.md</a>.
 *
 * <p>Each request passes, in this order: the {@code Host} check (against DNS rebinding), the access check, basic
 * authentication (if configured), then the endpoint. Every answer, errors included, is JSON (or a dashboard file)
 * with the security headers. Thread-safe once built.
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
    private final HostCheck hosts;
    private final Predicate<WebRequest> accessControl;
    private final BasicAuth authentication;

    private HistoryWeb(Builder builder) {
        this.basePath = builder.basePath;
        Map<String, String> jobs = Map.copyOf(builder.configuredJobs);
        this.api = new ApiRoutes(builder.registry, jobs, new ApiJson(builder.fieldNames, builder.redaction),
                builder.clock, builder.notRunCounts);
        this.dashboardApi = new ApiRoutes(builder.registry, jobs, new ApiJson(FieldNames.LIBRARY, builder.redaction),
                builder.clock, builder.notRunCounts);
        this.dashboardFiles = builder.dashboard ? loadDashboard() : Map.of();
        this.hosts = builder.anyHost ? HostCheck.anyHost() : HostCheck.of(builder.allowedHosts);
        this.accessControl = builder.accessControl;
        this.authentication = builder.authentication;
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
     * Answers one request: the {@code Host} check, the access check and authentication first, then the endpoint.
     * {@code HEAD} is answered as {@code GET} without the body. Never throws for anything a client sends; a store
     * failure is a 500 whose body gives a reference to the log line.
     */
    public WebResponse handle(WebRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        boolean head = request.method().equals("HEAD");
        WebResponse response = answer(request, head ? "GET" : request.method());
        return head ? response.withoutBody() : response;
    }

    private WebResponse answer(WebRequest request, String method) {
        if (!hosts.allows(request)) {
            String host = request.header("Host").orElse("");
            return json(403, ApiJson.error("Host '" + host + "' is not served here; allowed: " + hosts.describe()),
                    Map.of());
        }
        if (!allowed(request)) {
            return json(403, ApiJson.error("Access denied"), Map.of());
        }
        if (authentication != null) {
            BasicAuth.Outcome outcome;
            try {
                outcome = authentication.check(request);
            } catch (RuntimeException e) {
                log.warn("The credentials check failed for {}; refusing the request", request, e);
                outcome = BasicAuth.Outcome.CHALLENGED;
            }
            switch (outcome) {
                case MALFORMED:
                    return json(400, ApiJson.error("The Authorization header is not HTTP basic authentication "
                            + "('Basic' and base64 of user:password)"), Map.of());
                case CHALLENGED:
                    return json(401, ApiJson.error("Authentication required"),
                            Map.of("WWW-Authenticate", authentication.challenge()));
                default:
                    break;
            }
        }
        String rawPath = request.rawPath();
        try {
            return route(method, rawPath, request.rawQuery().orElse(null));
        } catch (ApiException e) {
            return json(e.status(), ApiJson.error(e.getMessage()), Map.of());
        } catch (IllegalArgumentException e) {
            // an id or value the registry refuses: the caller's mistake, and its message names the value
            return json(400, ApiJson.error(e.getMessage()), Map.of());
        } catch (RuntimeException e) {
            return failure(request, e);
        }
    }

    /**
     * The answer to a request whose answer failed to be made (the store failed while its body was being written, before
     * anything was sent): logs the failure with a reference, and answers 500 with that reference, never the store's
     * own words (hosts, stored text). For adapters; {@link #handle} uses it itself.
     */
    public WebResponse failure(WebRequest request, RuntimeException cause) {
        String reference = Long.toHexString(System.nanoTime());
        log.error("Request {} failed (reference {})", request, reference, cause);
        return json(500, ApiJson.error("Could not read the history (the server's log has the cause, reference "
                + reference + ")"), Map.of());
    }

    private boolean allowed(WebRequest request) {
        try {
            return accessControl.test(request);
        } catch (RuntimeException e) {
            log.warn("The access check failed for {}; refusing the request", request, e);
            return false;
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
        return streamed(result, true);
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
            return streamed(result, false);
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

    /**
     * An error in the API's form, {@code {"error": message}} with the security headers, for an adapter whose server
     * refuses a request before it reaches {@link #handle} (a request too large, a malformed request line).
     *
     * @throws IllegalArgumentException if {@code status} is not a 4xx or 5xx code
     */
    public WebResponse error(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an error code from 400 to 599, but was " + status);
        }
        return json(status, ApiJson.error(Objects.requireNonNull(message, "message must not be null")), Map.of());
    }

    private static WebResponse methodNotAllowed(String method) {
        Map<String, String> allow = Map.of("Allow", "GET, HEAD");
        return json(405, ApiJson.error(method + " is not allowed here; use GET"), allow);
    }

    private static WebResponse streamed(ApiRoutes.Result result, boolean pretty) {
        Map<String, String> headers = securityHeaders("application/json; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.putAll(result.headers);
        return new WebResponse(200, headers, new JsonBody(result.parts, pretty));
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
        private Predicate<WebRequest> accessControl = request -> true;
        private BasicAuth authentication;
        private Set<String> allowedHosts = HostCheck.LOOPBACK;
        private boolean anyHost;
        private UnaryOperator<String> redaction = UnaryOperator.identity();
        private Clock clock = Clock.systemUTC();
        private ToLongFunction<String> notRunCounts;

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
         * Who may read: called for every request after the {@code Host} check and before authentication, so a
         * refused client gets 403 whatever password it sends; {@code false} answers 403, and so does a check that
         * throws. For example, only loopback clients: {@code request -> request.remoteAddress()
         * .map(a -> a.getAddress().isLoopbackAddress()).orElse(false)}.
         */
        public Builder accessControl(Predicate<WebRequest> allowed) {
            this.accessControl = Objects.requireNonNull(allowed, "accessControl must not be null");
            return this;
        }

        /**
         * HTTP basic authentication: {@code credentials} gets the user name and password of each request and says
         * whether they are valid; without them, or with wrong ones, the answer is 401 with a challenge for
         * {@code realm}, and a header that is not basic authentication gets 400. Serve it over TLS (a proxy, or a
         * server with TLS), as basic auth sends the password in clear.
         */
        public Builder basicAuth(String realm, BiPredicate<String, String> credentials) {
            Objects.requireNonNull(realm, "realm must not be null");
            Objects.requireNonNull(credentials, "credentials must not be null");
            this.authentication = new BasicAuth(realm, credentials);
            return this;
        }

        /**
         * The {@code Host} names (or IP literals, IPv6 in brackets) requests may name, against DNS rebinding; the
         * address a request arrived at is always allowed. Default: {@code localhost}, {@code 127.0.0.1} and
         * {@code [::1]}. A name that reaches the server from elsewhere, such as {@code history.example.com}, must be
         * listed. A port in {@code Host} is ignored.
         *
         * @throws IllegalArgumentException if a host is blank or holds a port, a path or spaces
         */
        public Builder allowedHosts(Collection<String> hosts) {
            Objects.requireNonNull(hosts, "allowedHosts must not be null");
            Set<String> checked = new LinkedHashSet<>();
            for (String host : hosts) {
                Objects.requireNonNull(host, "allowedHosts must not contain null");
                String lower = host.trim().toLowerCase(Locale.ROOT);
                if (lower.isEmpty() || !HostCheck.hostPart(lower).equals(lower) || lower.matches(".*[\\s/].*")) {
                    throw new IllegalArgumentException("allowed host '" + host + "' must be a host name or IP "
                            + "literal without port or path, such as history.example.com, 10.0.0.5 or [::1]");
                }
                checked.add(lower);
            }
            this.allowedHosts = checked;
            this.anyHost = false;
            return this;
        }

        /**
         * Answers whatever {@code Host} a request names: for servers behind a proxy that checks it, or inside an
         * application whose own security does (the Spring Boot starter sets this).
         */
        public Builder anyHost() {
            this.anyHost = true;
            return this;
        }

        /**
         * Applied to each error message, stack trace, item and attribute value before it is served (for example to
         * mask passwords in connection strings); a {@code null} result is served as an empty string. Default:
         * unchanged.
         */
        public Builder redaction(UnaryOperator<String> redaction) {
            this.redaction = Objects.requireNonNull(redaction, "redaction must not be null");
            return this;
        }

        /**
         * This instance's count of runs that did not happen, by job id (such as
         * {@code JobExecutionRecorder::notRunCount}), shown as {@code not_run_here} in a job's summary. Default: not
         * shown.
         */
        public Builder notRunCounts(ToLongFunction<String> countsByJob) {
            this.notRunCounts = Objects.requireNonNull(countsByJob, "notRunCounts must not be null");
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
