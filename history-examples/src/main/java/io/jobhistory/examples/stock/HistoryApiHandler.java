package io.jobhistory.examples.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Routes and answers the requests of the history API (see {@link HistoryApiServer} for the endpoints). Ids are
 * decoded segment by segment from the raw path, so ids holding spaces, {@code %2F} or any Unicode work.
 */
final class HistoryApiHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(HistoryApiHandler.class);

    private final ExecutionHistoryRegistry registry;
    private final Map<String, String> configuredJobs;

    HistoryApiHandler(ExecutionHistoryRegistry registry, Map<String, String> configuredJobs) {
        this.registry = registry;
        this.configuredJobs = Map.copyOf(configuredJobs);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(exchange);
            } catch (ApiException e) {
                response = Response.error(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("Request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = Response.error(500, "Could not read the history: " + e);
            }
            send(exchange, response);
        }
    }

    private Response route(HttpExchange exchange) {
        List<String> path = UriCodec.pathSegments(exchange.getRequestURI().getRawPath());
        Endpoint endpoint = Endpoint.match(path);
        if (endpoint == null) {
            throw ApiException.notFound("No endpoint at " + exchange.getRequestURI().getRawPath()
                    + "; try GET /scheduler/jobs");
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            return Response.error(405, exchange.getRequestMethod() + " is not allowed here; use GET")
                    .header("Allow", "GET");
        }
        Map<String, String> parameters = UriCodec.queryParameters(exchange.getRequestURI().getRawQuery());
        if (endpoint != Endpoint.HISTORY && !parameters.isEmpty()) {
            throw ApiException.badRequest("this endpoint takes no query parameters, but got "
                    + parameters.keySet());
        }
        return switch (endpoint) {
            case JOBS -> Response.ok(ApiJson.jobs(knownJobs()));
            case HISTORY -> history(path.get(2), parameters);
            case LATEST -> Response.ok(ApiJson.run(registry.findLatest(knownJob(path.get(2)))
                    .orElseThrow(() -> ApiException.notFound("Job '" + path.get(2) + "' has not run yet"))));
            case SUMMARY -> Response.ok(ApiJson.summary(registry.summarize(knownJob(path.get(2)))));
            case EXECUTION -> Response.ok(ApiJson.run(execution(path.get(2))));
        };
    }

    private Response history(String jobId, Map<String, String> parameters) {
        HistoryQuery query = HistoryParameters.parse(parameters);
        HistoryPage page = registry.findPage(knownJob(jobId), query);
        Response response = Response.ok(ApiJson.runs(page.records()));
        page.nextCursor().ifPresent(cursor -> {
            parameters.put("cursor", cursor);
            StringBuilder next = new StringBuilder("/scheduler/jobs/").append(UriCodec.encode(jobId)).append("/history");
            char separator = '?';
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                next.append(separator).append(parameter.getKey()).append('=')
                        .append(UriCodec.encode(parameter.getValue()));
                separator = '&';
            }
            response.header("X-Next-Cursor", cursor).header("Link", "<" + next + ">; rel=\"next\"");
        });
        return response;
    }

    private ExecutionRecord execution(String executionId) {
        Optional<ExecutionRecord> run = executionId.isBlank() ? Optional.empty() : registry.findById(executionId);
        return run.orElseThrow(() -> ApiException.notFound("Unknown execution '" + executionId + "'"));
    }

    /** {@code jobId} if it is configured or has recorded runs; else a 404. */
    private String knownJob(String jobId) {
        if (configuredJobs.containsKey(jobId) || (!jobId.isBlank() && registry.findLatest(jobId).isPresent())) {
            return jobId;
        }
        throw ApiException.notFound("Unknown job '" + jobId + "'; GET /scheduler/jobs lists the known jobs");
    }

    /** The configured jobs and every job with recorded runs, by id; names from the configuration or latest run. */
    private Map<String, String> knownJobs() {
        Map<String, String> jobs = new TreeMap<>(configuredJobs);
        for (String jobId : registry.findJobIds()) {
            if (!jobs.containsKey(jobId)) {
                registry.findLatest(jobId).ifPresent(run -> jobs.put(jobId, run.jobName()));
            }
        }
        return jobs;
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] body = ApiJson.bytes(response.body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        response.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The routes, matched on decoded path segments. */
    private enum Endpoint {
        JOBS, HISTORY, LATEST, SUMMARY, EXECUTION;

        static Endpoint match(List<String> path) {
            if (path.size() < 2 || !path.get(0).equals("scheduler")) {
                return null;
            }
            if (path.get(1).equals("jobs")) {
                if (path.size() == 2) {
                    return JOBS;
                }
                if (path.size() == 4) {
                    return switch (path.get(3)) {
                        case "history" -> HISTORY;
                        case "latest-execution" -> LATEST;
                        case "summary" -> SUMMARY;
                        default -> null;
                    };
                }
            }
            return path.size() == 3 && path.get(1).equals("executions") ? EXECUTION : null;
        }
    }

    /** A status, a JSON body and extra headers. */
    private static final class Response {
        final int status;
        final JsonNode body;
        final Map<String, String> headers = new TreeMap<>();

        private Response(int status, JsonNode body) {
            this.status = status;
            this.body = body;
        }

        static Response ok(JsonNode body) {
            return new Response(200, body);
        }

        static Response error(int status, String message) {
            return new Response(status, ApiJson.error(message));
        }

        Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }
}
