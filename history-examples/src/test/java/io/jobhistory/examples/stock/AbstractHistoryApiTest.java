package io.jobhistory.examples.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.testkit.MutableClock;
import io.jobhistory.web.FieldNames;
import io.jobhistory.web.jetty.HistoryWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API's checks, run against a real server on a free port over the registry a subclass provides. The data
 * is fixed: six runs of {@code daily-aapl} an hour apart (success, partial_success, success, failed, failed,
 * running), one run of a job whose id holds a space, a slash and a non-ASCII letter, and a configured job that has
 * never run.
 */
abstract class AbstractHistoryApiTest {

    static final Instant T = Instant.parse("2025-10-29T10:00:00Z");
    static final String ODD_JOB = "weekly report/EU ü";
    static final String ODD_JOB_PATH = "weekly%20report%2FEU%20%C3%BC";
    static final String ODD_RUN = "exec/ü 7";
    static final String ODD_RUN_PATH = "exec%2F%C3%BC%207";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HistoryWebServer server;

    /** A registry that holds nothing yet, reading time from {@code clock}. */
    abstract ExecutionHistoryRegistry emptyRegistry(Clock clock);

    @BeforeEach
    void startServer() {
        MutableClock clock = new MutableClock(T.plus(Duration.ofHours(5).plusMinutes(1)));
        ExecutionHistoryRegistry registry = emptyRegistry(clock);
        registry.save(finished("exec-1", 0, ExecutionStatus.SUCCESS, 60_000, List.of("AAPL", "MSFT", "GOOGL"),
                List.of(), List.of()));
        registry.save(finished("exec-2", 1, ExecutionStatus.PARTIAL_SUCCESS, 330_500, List.of("AAPL", "MSFT"),
                List.of("GOOGL"), List.of("Failed to fetch GOOGL: Connection timeout after 30s")));
        registry.save(finished("exec-3", 2, ExecutionStatus.SUCCESS, 30_000, List.of("AAPL", "MSFT", "GOOGL"),
                List.of(), List.of()));
        registry.save(finished("exec-4", 3, ExecutionStatus.FAILED, 10_000, List.of(), List.of("AAPL", "MSFT", "GOOGL"),
                List.of("Failed to fetch AAPL: HTTP 503", "Failed to fetch MSFT: HTTP 503", "Failed to fetch GOOGL: HTTP 503")));
        registry.save(finished("exec-5", 4, ExecutionStatus.FAILED, 20_000, List.of("AAPL"), List.of("MSFT", "GOOGL"),
                List.of("Failed to fetch MSFT: Connection reset", "Failed to fetch GOOGL: Connection timeout after 30s"))
                .toBuilder().finished(ExecutionStatus.FAILED, T.plus(Duration.ofHours(4).plusSeconds(20))).build());
        registry.save(ExecutionRecord.builder("exec-6", "daily-aapl", "Daily AAPL", T.plus(Duration.ofHours(5)))
                .totalItems(3).build());
        registry.save(ExecutionRecord.builder(ODD_RUN, ODD_JOB, "Weekly Report EU", T)
                .finished(ExecutionStatus.SUCCESS, T.plusSeconds(2)).succeededItems(List.of("SAP")).build());
        server = HistoryWebServer.start(StockSchedulerApp.webFor(registry,
                        Map.of("daily-aapl", "Daily AAPL", "idle-job", "Idle Job")),
                new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static ExecutionRecord finished(String id, int hour, ExecutionStatus status, long millis,
                                            List<String> fetched, List<String> failed, List<String> errors) {
        Instant start = T.plus(Duration.ofHours(hour));
        return ExecutionRecord.builder(id, "daily-aapl", "Daily AAPL", start)
                .finished(status, start.plusMillis(millis))
                .succeededItems(fetched).failedItems(failed).errors(errors).totalItems(3)
                .build();
    }

    @Nested
    @DisplayName("GET /scheduler/jobs")
    class Jobs {
        @Test
        @DisplayName("lists configured jobs and jobs with runs, by id, with their names")
        void listsJobs() throws Exception {
            HttpResponse<String> response = get("/scheduler/jobs");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(json(response).toString()).isEqualTo("[{\"job_id\":\"daily-aapl\",\"job_name\":\"Daily AAPL\"},"
                    + "{\"job_id\":\"idle-job\",\"job_name\":\"Idle Job\"},"
                    + "{\"job_id\":\"" + ODD_JOB + "\",\"job_name\":\"Weekly Report EU\"}]");
        }
    }

    @Nested
    @DisplayName("GET /scheduler/jobs/{job_id}/history")
    class History {
        @Test
        @DisplayName("returns runs newest first, each with exactly the seed's fields")
        void newestFirstInSeedFormat() throws Exception {
            HttpResponse<String> response = get("/scheduler/jobs/daily-aapl/history");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Next-Cursor")).isEmpty();
            assertThat(response.headers().firstValue("Link")).isEmpty();
            JsonNode runs = json(response);
            assertThat(ids(runs)).containsExactly("exec-6", "exec-5", "exec-4", "exec-3", "exec-2", "exec-1");
            for (JsonNode run : runs) {
                List<String> fields = new ArrayList<>();
                run.fieldNames().forEachRemaining(fields::add);
                assertThat(fields).containsExactlyElementsOf(FieldNames.STOCKS_COMPAT.runFields());
            }
            assertThat(runs.get(4)).isEqualTo(JSON.readTree("""
                    {"execution_id": "exec-2", "job_id": "daily-aapl", "job_name": "Daily AAPL",
                     "start_time": "2025-10-29T11:00:00Z", "end_time": "2025-10-29T11:05:30.500Z",
                     "status": "partial_success", "fetched_stocks": ["AAPL", "MSFT"], "failed_stocks": ["GOOGL"],
                     "errors": ["Failed to fetch GOOGL: Connection timeout after 30s"],
                     "duration_seconds": 330.5, "total_stocks": 3}"""));
            JsonNode running = runs.get(0);
            assertThat(running.get("status").asText()).isEqualTo("running");
            assertThat(running.get("end_time").isNull()).isTrue();
            assertThat(running.get("duration_seconds").isNull()).isTrue();
        }

        @Test
        @DisplayName("returns at most limit runs, with the next page in X-Next-Cursor and Link")
        void limit() throws Exception {
            HttpResponse<String> response = get("/scheduler/jobs/daily-aapl/history?limit=2");
            assertThat(ids(json(response))).containsExactly("exec-6", "exec-5");
            String cursor = response.headers().firstValue("X-Next-Cursor").orElseThrow();
            assertThat(response.headers().firstValue("Link")).hasValue(
                    "</scheduler/jobs/daily-aapl/history?limit=2&cursor=" + cursor + ">; rel=\"next\"");
        }

        @ParameterizedTest(name = "status={0}")
        @CsvSource({"success,exec-3 exec-1", "partial_success,exec-2", "failed,exec-5 exec-4", "running,exec-6",
                "abandoned,''", "FAILED,exec-5 exec-4"})
        @DisplayName("filters by each status")
        void statusFilter(String status, String expected) throws Exception {
            HttpResponse<String> response = get("/scheduler/jobs/daily-aapl/history?status=" + status);
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> ids = expected.isEmpty() ? List.of() : List.of(expected.split(" "));
            assertThat(ids(json(response))).containsExactlyElementsOf(ids);
        }

        @Test
        @DisplayName("filters by start time: from inclusive, to exclusive")
        void fromTo() throws Exception {
            HttpResponse<String> response = get(
                    "/scheduler/jobs/daily-aapl/history?from=2025-10-29T11:00:00Z&to=2025-10-29T13:00:00Z");
            assertThat(ids(json(response))).containsExactly("exec-3", "exec-2");
            response = get("/scheduler/jobs/daily-aapl/history?from=2025-10-29T13:00:00%2B01:00");
            assertThat(ids(json(response))).containsExactly("exec-6", "exec-5", "exec-4", "exec-3");
        }

        @Test
        @DisplayName("pages through every run by following X-Next-Cursor")
        void cursorPaging() throws Exception {
            List<String> seen = new ArrayList<>();
            Optional<String> cursor = Optional.empty();
            int pages = 0;
            do {
                HttpResponse<String> response = get("/scheduler/jobs/daily-aapl/history?limit=4"
                        + cursor.map(c -> "&cursor=" + c).orElse(""));
                assertThat(response.statusCode()).isEqualTo(200);
                seen.addAll(ids(json(response)));
                cursor = response.headers().firstValue("X-Next-Cursor");
                pages++;
            } while (cursor.isPresent());
            assertThat(pages).isEqualTo(2);
            assertThat(seen).containsExactly("exec-6", "exec-5", "exec-4", "exec-3", "exec-2", "exec-1");
        }

        @Test
        @DisplayName("follows the Link header, keeping the filters")
        void linkPaging() throws Exception {
            HttpResponse<String> first = get("/scheduler/jobs/daily-aapl/history?status=failed&limit=1");
            assertThat(ids(json(first))).containsExactly("exec-5");
            String link = first.headers().firstValue("Link").orElseThrow();
            String next = link.substring(1, link.indexOf('>'));
            assertThat(next).contains("status=failed").contains("limit=1");
            HttpResponse<String> second = get(next);
            assertThat(ids(json(second))).containsExactly("exec-4");
            assertThat(second.headers().firstValue("Link")).isEmpty();
        }

        @Test
        @DisplayName("answers an empty array for a configured job that has not run")
        void idleJob() throws Exception {
            HttpResponse<String> response = get("/scheduler/jobs/idle-job/history");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().trim()).isEqualTo("[ ]");
        }

        @ParameterizedTest(name = "limit={0}")
        @ValueSource(strings = {"0", "-1", "abc", "1.5", "1001", "99999999999", ""})
        @DisplayName("refuses a limit that is not a positive integer")
        void badLimit(String limit) throws Exception {
            assertError(get("/scheduler/jobs/daily-aapl/history?limit=" + limit), 400, "limit must be a whole number");
        }

        @Test
        @DisplayName("refuses an unknown status, naming the allowed ones")
        void badStatus() throws Exception {
            assertError(get("/scheduler/jobs/daily-aapl/history?status=broken"), 400,
                    "allowed: running, success, partial_success, failed, skipped, abandoned");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "from=yesterday|from must be an ISO-8601 instant",
            "to=2025-10-29|to must be an ISO-8601 instant",
            "from=2025-10-29T12:00:00Z&to=2025-10-29T11:00:00Z|must be before to",
            "cursor=not-a-cursor|cursor 'not-a-cursor' is not valid",
            "stauts=failed|unknown query parameter 'stauts'",
            "limit=1&limit=2|'limit' is given more than once",
            "status=%C3%28|does not decode to UTF-8 text"})
        @DisplayName("refuses bad from, to, cursor and parameter names with a clear message")
        void badParameters(String query, String message) throws Exception {
            assertError(get("/scheduler/jobs/daily-aapl/history?" + query), 400, message);
        }

        @Test
        @DisplayName("answers 404 for an unknown job")
        void unknownJob() throws Exception {
            assertError(get("/scheduler/jobs/no-such-job/history"), 404, "Unknown job 'no-such-job'");
        }
    }

    @Nested
    @DisplayName("GET /scheduler/jobs/{job_id}/latest-execution")
    class Latest {
        @Test
        @DisplayName("returns the most recent run, running or not")
        void latest() throws Exception {
            HttpResponse<String> response = get("/scheduler/jobs/daily-aapl/latest-execution");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("execution_id").asText()).isEqualTo("exec-6");
        }

        @Test
        @DisplayName("answers 404 for an unknown job and for a job that has not run")
        void notFound() throws Exception {
            assertError(get("/scheduler/jobs/nope/latest-execution"), 404, "Unknown job 'nope'");
            assertError(get("/scheduler/jobs/idle-job/latest-execution"), 404, "has not run yet");
        }
    }

    @Nested
    @DisplayName("GET /scheduler/executions/{execution_id}")
    class Execution {
        @Test
        @DisplayName("returns one run")
        void byId() throws Exception {
            JsonNode run = json(get("/scheduler/executions/exec-4"));
            assertThat(run.get("status").asText()).isEqualTo("failed");
            assertThat(run.get("failed_stocks")).hasSize(3);
            assertThat(run.get("duration_seconds").asDouble()).isEqualTo(10.0);
        }

        @Test
        @DisplayName("answers 404 for an unknown execution")
        void unknown() throws Exception {
            assertError(get("/scheduler/executions/exec-404"), 404, "Unknown execution 'exec-404'");
        }
    }

    @Nested
    @DisplayName("GET /scheduler/jobs/{job_id}/summary")
    class Summary {
        @Test
        @DisplayName("returns the job summary in snake_case")
        void summary() throws Exception {
            HttpResponse<String> response = get("/scheduler/jobs/daily-aapl/summary");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(JSON.readTree("""
                    {"job_id": "daily-aapl", "runs": 6,
                     "counts_by_status": {"running": 1, "success": 2, "partial_success": 1, "failed": 2, "skipped": 0,
                                          "abandoned": 0},
                     "success_rate": 0.4,
                     "last_success_time": "2025-10-29T12:00:30Z", "last_failure_time": "2025-10-29T14:00:20Z",
                     "consecutive_failures": 2,
                     "average_duration_seconds": 90.1, "p50_duration_seconds": 30.0, "p95_duration_seconds": 330.5}
                    """));
        }

        @Test
        @DisplayName("has nulls where a job has no runs")
        void empty() throws Exception {
            JsonNode summary = json(get("/scheduler/jobs/idle-job/summary"));
            assertThat(summary.get("runs").asInt()).isZero();
            for (String field : List.of("success_rate", "last_success_time", "last_failure_time",
                    "average_duration_seconds", "p50_duration_seconds", "p95_duration_seconds")) {
                assertThat(summary.get(field).isNull()).as(field).isTrue();
            }
        }

        @Test
        @DisplayName("answers 404 for an unknown job")
        void unknown() throws Exception {
            assertError(get("/scheduler/jobs/nope/summary"), 404, "Unknown job 'nope'");
        }
    }

    @Nested
    @DisplayName("Ids with spaces, slashes and Unicode")
    class EncodedIds {
        @Test
        @DisplayName("work in every job endpoint when percent-encoded")
        void jobEndpoints() throws Exception {
            assertThat(ids(json(get("/scheduler/jobs/" + ODD_JOB_PATH + "/history")))).containsExactly(ODD_RUN);
            assertThat(json(get("/scheduler/jobs/" + ODD_JOB_PATH + "/latest-execution")).get("job_id").asText())
                    .isEqualTo(ODD_JOB);
            assertThat(json(get("/scheduler/jobs/" + ODD_JOB_PATH + "/summary")).get("runs").asInt()).isEqualTo(1);
        }

        @Test
        @DisplayName("work for execution ids")
        void executionEndpoint() throws Exception {
            JsonNode run = json(get("/scheduler/executions/" + ODD_RUN_PATH));
            assertThat(run.get("execution_id").asText()).isEqualTo(ODD_RUN);
            assertThat(run.get("job_id").asText()).isEqualTo(ODD_JOB);
        }

        @Test
        @DisplayName("a decoded slash does not split the id")
        void slashIsNotASeparator() throws Exception {
            assertThat(get("/scheduler/jobs/weekly%20report/EU%20%C3%BC/history").statusCode()).isEqualTo(404);
        }
    }

    @Nested
    @DisplayName("Other requests")
    class Other {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
        @DisplayName("any method but GET and HEAD answers 405 with Allow: GET, HEAD")
        void methodNotAllowed(String method) throws Exception {
            for (String path : List.of("/scheduler/jobs", "/scheduler/jobs/daily-aapl/history",
                    "/scheduler/jobs/daily-aapl/latest-execution", "/scheduler/jobs/daily-aapl/summary",
                    "/scheduler/executions/exec-1")) {
                HttpResponse<String> response = send(method, path);
                assertError(response, 405, method + " is not allowed");
                assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/", "/scheduler", "/scheduler/jobs/daily-aapl", "/scheduler/jobs/daily-aapl/other",
                "/scheduler/executions", "/scheduler/executions/a/b"})
        @DisplayName("unknown paths answer 404")
        void unknownPath(String path) throws Exception {
            assertError(get(path), 404, "No endpoint at");
        }
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery);
    }

    HttpResponse<String> send(String method, String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUri() + pathAndQuery))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static List<String> ids(JsonNode runs) {
        List<String> ids = new ArrayList<>();
        runs.forEach(run -> ids.add(run.get("execution_id").asText()));
        return ids;
    }

    static void assertError(HttpResponse<String> response, int status, String messagePart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).contains(messagePart);
    }
}
