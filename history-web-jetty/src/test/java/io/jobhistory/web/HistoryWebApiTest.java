package io.jobhistory.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobStatistics;
import io.jobhistory.web.jetty.HistoryWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API and the static files over real HTTP, without a browser. */
class HistoryWebApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestData data = new TestData();
    private HistoryWebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HistoryWebServer start(HistoryWeb web) {
        server = HistoryWebServer.start(web, new InetSocketAddress("127.0.0.1", 0));
        return server;
    }

    @Test
    void runsCarryTheLibrarysNamesAndEveryField() throws Exception {
        start(data.web().build());
        HttpResponse<String> response = get("/jobhistory/executions/sync-4");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode run = json(response);
        assertThat(run.fieldNames()).toIterable().containsExactlyElementsOf(FieldNames.LIBRARY.runFields());
        assertThat(run.get("succeeded_items").toString()).isEqualTo("[\"a\"]");
        assertThat(run.get("total_items").asInt()).isEqualTo(10);
        assertThat(run.get("heartbeat_deadline").asText()).isEqualTo("2025-10-29T12:02:00Z");
        assertThat(run.get("attributes").get("region").asText()).isEqualTo("eu-west-1");
        assertThat(json(get("/jobhistory/executions/aapl-25")).get("stack_trace").asText())
                .startsWith("java.io.IOException: HTTP 503");
        JsonNode skipped = json(get("/jobhistory/executions/report-skip"));
        assertThat(skipped.get("skip_count").asInt()).isEqualTo(3);
        assertThat(skipped.get("last_due_time").asText()).isEqualTo("2025-10-29T11:29:00Z");
    }

    @Test
    void seedFieldNamesKeepExactlyTheSeedsElevenFields() throws Exception {
        start(data.web().fieldNames(FieldNames.STOCKS_COMPAT).build());
        JsonNode run = json(get("/jobhistory/executions/aapl-10"));
        assertThat(run.fieldNames()).toIterable().containsExactlyElementsOf(FieldNames.STOCKS_COMPAT.runFields());
        assertThat(run.get("fetched_stocks").toString()).isEqualTo("[\"AAPL\",\"MSFT\"]");
        assertThat(run.get("total_stocks").asInt()).isEqualTo(3);
        // The dashboard's own API keeps every field whatever the public API's names.
        assertThat(json(get("/jobhistory/dashboard/api/executions/aapl-10")).has("succeeded_items")).isTrue();
    }

    @Test
    void overviewListsEveryJobInIdOrderWithItsFigures() throws Exception {
        start(data.web().build());
        HttpResponse<String> response = get("/jobhistory/overview");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode overview = json(response);
        assertThat(overview.get("generated_at").asText()).isEqualTo("2025-10-29T12:00:00Z");
        List<String> order = new ArrayList<>();
        overview.get("jobs").forEach(job -> order.add(job.get("job_id").asText()));
        assertThat(order).containsExactlyElementsOf(TestData.API_ORDER);
        assertThat(overview.get("next_cursor").isNull()).isTrue();
        assertThat(overview.get("limit").asInt()).isEqualTo(100);

        JsonNode aapl = overview.get("jobs").get(0);
        assertThat(aapl.get("job_name").asText()).isEqualTo("Daily AAPL");
        assertThat(aapl.get("recent_runs")).hasSize(20);
        assertThat(aapl.get("recent_runs").get(0).get("execution_id").asText()).isEqualTo("aapl-25");
        assertThat(aapl.get("runs").asInt()).isEqualTo(25);
        assertThat(aapl.get("consecutive_failures").asInt()).isEqualTo(3);
        assertThat(aapl.get("last_status").asText()).isEqualTo("failed");
        assertThat(aapl.get("last_error").asText()).isEqualTo("Failed to fetch AAPL: HTTP 503 (run 25)");
        assertThat(aapl.get("success_rate").asDouble()).isEqualTo(21 / 25.0);

        JsonNode sync = overview.get("jobs").get(4);
        assertThat(sync.get("running").asInt()).isEqualTo(1);
        assertThat(sync.get("abandoned").asInt()).isEqualTo(1);
        assertThat(sync.get("last_status").asText()).isEqualTo("running");

        JsonNode idle = overview.get("jobs").get(2);
        assertThat(idle.get("job_name").asText()).isEqualTo("Idle Job");
        assertThat(idle.get("last_status").isNull()).isTrue();
        assertThat(idle.get("recent_runs")).isEmpty();

        assertThat(json(get("/jobhistory/overview?recent_runs=3")).get("jobs").get(0).get("recent_runs")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"recent_runs=101", "recent_runs=-1", "recent_runs=x", "jobs=a", "limit=0", "limit=501",
            "cursor=x", "cursor=djE6eA"})
    void overviewRefusesBadParameters(String query) throws Exception {
        start(data.web().build());
        HttpResponse<String> response = get("/jobhistory/overview?" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).containsAnyOf("recent_runs must be", "allowed: recent_runs",
                "limit must be", "cursor '");
    }

    @Test
    void overviewPagesWalkEveryJobOnceInIdOrder() throws Exception {
        start(data.web().build());
        List<String> seen = new ArrayList<>();
        String path = "/jobhistory/overview?limit=2";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> response = get(path);
            JsonNode page = json(response);
            assertThat(page.get("jobs").size()).isLessThanOrEqualTo(2);
            page.get("jobs").forEach(job -> seen.add(job.get("job_id").asText()));
            pages++;
            if (page.get("next_cursor").isNull()) {
                assertThat(response.headers().firstValue("Link")).isEmpty();
                path = null;
            } else {
                String link = response.headers().firstValue("Link").orElseThrow();
                assertThat(link).startsWith("</jobhistory/overview?limit=2&cursor=");
                assertThat(response.headers().firstValue("X-Next-Cursor")).hasValue(page.get("next_cursor").asText());
                path = link.substring(1, link.indexOf('>'));
            }
        }
        assertThat(seen).containsExactlyElementsOf(TestData.API_ORDER);
        assertThat(pages).isEqualTo(3);
    }

    /**
     * 90 runs of job "fleet", a second apart: every sixth on node-a (15), one in six naming no node, the rest on
     * node-b; every fourth failed. Returns them newest first.
     */
    private List<ExecutionRecord> saveFleet() {
        List<ExecutionRecord> runs = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Instant start = TestData.T.plusSeconds(i);
            ExecutionRecord.Builder run = ExecutionRecord.builder("fleet-" + i, "fleet", "Fleet", start)
                    .finished(i % 4 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCESS, start.plusMillis(500));
            if (i % 6 != 5) {
                run.attributes(Map.of(ExecutionRecord.NODE_ATTRIBUTE, i % 6 == 0 ? "node-a" : "node-b", "zone", "a"));
            }
            runs.add(run.build());
        }
        runs.forEach(data.registry::save);
        runs.sort(ExecutionRecord.NEWEST_FIRST);
        return runs;
    }

    private static List<String> ids(List<ExecutionRecord> runs, Predicate<ExecutionRecord> filter) {
        return runs.stream().filter(filter).map(ExecutionRecord::executionId).toList();
    }

    private static Predicate<ExecutionRecord> on(String node) {
        return run -> run.node().filter(node::equals).isPresent();
    }

    /** Follows the Link headers from {@code path}; checks each page holds {@code limit} runs but the last. */
    private List<String> walk(String path, int limit, int pages) throws Exception {
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= pages; page++) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).isEqualTo(200);
            json(response).forEach(run -> seen.add(run.get("execution_id").asText()));
            if (page < pages) {
                assertThat(seen).as("page %d", page).hasSize(page * limit);
                String link = response.headers().firstValue("Link").orElseThrow();
                assertThat(link).contains("node=").contains("limit=" + limit);
                path = link.substring(1, link.indexOf('>'));
            } else {
                assertThat(json(response)).as("the last page, %d", page).isNotEmpty().hasSizeLessThanOrEqualTo(limit);
                assertThat(response.headers().firstValue("Link")).as("the last page, %d", page).isEmpty();
                assertThat(response.headers().firstValue("X-Next-Cursor")).isEmpty();
            }
        }
        return seen;
    }

    @Test
    void historyFiltersByNodeAcrossPages() throws Exception {
        List<ExecutionRecord> runs = saveFleet();
        start(data.web().build());

        assertThat(walk("/jobhistory/jobs/fleet/history?node=node-a", 50, 1)).containsExactlyElementsOf(
                ids(runs, on("node-a")));
        assertThat(walk("/jobhistory/jobs/fleet/history?node=node-a&limit=4", 4, 4)).containsExactlyElementsOf(
                ids(runs, on("node-a")));
        // 15 runs in pages of 5: the third page is the last, with no cursor to an empty fourth
        assertThat(walk("/jobhistory/jobs/fleet/history?limit=5&node=node-a", 5, 3)).containsExactlyElementsOf(
                ids(runs, on("node-a")));
        assertThat(walk("/jobhistory/jobs/fleet/history?node=node-b&limit=25", 25, 3)).containsExactlyElementsOf(
                ids(runs, on("node-b")));
        assertThat(get("/jobhistory/jobs/fleet/history?node=node-c").body().trim()).isEqualTo("[ ]");
        assertThat(get("/jobhistory/jobs/daily-aapl/history?node=node-a").body().trim()).isEqualTo("[ ]");
    }

    @Test
    void historyFiltersByNodeTogetherWithStatusAndTime() throws Exception {
        List<ExecutionRecord> runs = saveFleet();
        start(data.web().build());

        assertThat(walk("/jobhistory/jobs/fleet/history?status=failed&node=node-a&limit=3", 3, 3))
                .containsExactlyElementsOf(ids(runs, on("node-a").and(r -> r.status() == ExecutionStatus.FAILED)));
        Instant from = TestData.T.plusSeconds(20);
        Instant to = TestData.T.plusSeconds(70);
        assertThat(walk("/jobhistory/jobs/fleet/history?node=node-b&limit=7&from=" + from + "&to=" + to, 7, 5))
                .containsExactlyElementsOf(ids(runs, on("node-b")
                        .and(r -> !r.startTime().isBefore(from) && r.startTime().isBefore(to))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "node=|but was ''",
        "node=%20%20|but was '  '",
        "node=worker%0A1|(a control character, U+000A, at index 6)",
        "node=worker%7F|(a control character, U+007F, at index 6)",
        "node=node-a&node=node-b|'node' is given more than once"})
    void historyRefusesABadNode(String query, String message) throws Exception {
        start(data.web().build());
        HttpResponse<String> response = get("/jobhistory/jobs/daily-aapl/history?" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).contains(message);
    }

    @Test
    void historyRefusesANodeTooLong() throws Exception {
        start(data.web().build());
        assertThat(get("/jobhistory/jobs/daily-aapl/history?node=" + "n".repeat(255)).statusCode()).isEqualTo(200);
        HttpResponse<String> response = get("/jobhistory/jobs/daily-aapl/history?node=" + "n".repeat(256));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).startsWith(
                "node must be 1 to 255 characters, not blank, without control characters, but was 256 characters long");
    }

    @Test
    void redactionAppliesToErrorsStackTracesAndTheOverview() throws Exception {
        start(data.web().redaction(text -> text.replace("hunter2", "***")).build());
        JsonNode run = json(get("/jobhistory/executions/hostile-3"));
        assertThat(run.get("errors").get(0).asText()).isEqualTo("<script>alert(2)</script> password=*** failed");
        assertThat(json(get("/jobhistory/overview")).toString()).doesNotContain("hunter2");
        server.close();
        start(data.web().redaction(text -> text.contains("IllegalState") ? null : text).build());
        assertThat(json(get("/jobhistory/executions/hostile-3")).get("stack_trace").asText()).isEmpty();
    }

    @Test
    void accessControlRefusesEveryPathWith403() throws Exception {
        start(data.web().accessControl(request -> request.header("X-Allowed").filter("yes"::equals).isPresent())
                .build());
        for (String path : List.of("/jobhistory/jobs", "/jobhistory/overview", "/jobhistory/dashboard/",
                "/jobhistory/dashboard/app.js", "/jobhistory/dashboard/api/overview")) {
            HttpResponse<String> refused = get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(json(refused).get("error").asText()).isEqualTo("Access denied");
        }
        HttpResponse<String> allowed = HTTP.send(HttpRequest.newBuilder(uri("/jobhistory/jobs"))
                .header("X-Allowed", "yes").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
    }

    @Test
    void anAccessCheckThatThrowsRefuses() throws Exception {
        start(data.web().accessControl(request -> {
            throw new IllegalStateException("directory down");
        }).build());
        assertThat(get("/jobhistory/jobs").statusCode()).isEqualTo(403);
    }

    @Test
    void basicAuthAsksForCredentialsAndChecksThem() throws Exception {
        start(data.web().basicAuth("history", (user, password) -> user.equals("ops") && password.equals("s3cret"))
                .build());
        HttpResponse<String> challenged = get("/jobhistory/jobs");
        assertThat(challenged.statusCode()).isEqualTo(401);
        assertThat(challenged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("Basic").contains("history"));
        assertThat(withAuth("ops:wrong").statusCode()).isEqualTo(401);
        assertThat(withAuth("ops:s3cret").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> withAuth(String userAndPassword) throws Exception {
        String token = Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(uri("/jobhistory/jobs")).header("Authorization", "Basic " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        start(data.web().build());
        for (String path : List.of("/jobhistory/jobs", "/jobhistory/dashboard/", "/jobhistory/dashboard/app.js",
                "/jobhistory/nope", "/elsewhere")) {
            HttpResponse<String> response = get(path);
            String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).as(path).isEqualTo(HistoryWeb.CONTENT_SECURITY_POLICY).contains("script-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void servesTheDashboardFiles() throws Exception {
        start(data.web().build());
        HttpResponse<String> index = get("/jobhistory/dashboard/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.body()).contains("<script src=\"app.js\" defer></script>");
        assertThat(get("/jobhistory/dashboard/app.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(get("/jobhistory/dashboard/style.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
        HttpResponse<String> bare = get("/jobhistory/dashboard");
        assertThat(bare.statusCode()).isEqualTo(308);
        assertThat(bare.headers().firstValue("Location")).hasValue("/jobhistory/dashboard/");
        assertThat(get("/jobhistory/dashboard/secret.txt").statusCode()).isEqualTo(404);
        assertThat(get("/jobhistory/dashboard/..%2Fpom.xml").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/jobhistory/dashboard/").statusCode()).isEqualTo(405);
        assertThat(send("DELETE", "/jobhistory/dashboard/api/jobs").statusCode()).isEqualTo(405);
    }

    @Test
    void theDashboardIsSmallAndHasNoInlineScriptOrHandler() throws IOException {
        long total = 0;
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        for (String file : List.of("index.html", "job.html", "run.html", "app.js", "style.css", "favicon.svg")) {
            try (InputStream in = HistoryWeb.class.getResourceAsStream("dashboard/" + file)) {
                assertThat(in).as(file).isNotNull();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                total += text.getBytes(StandardCharsets.UTF_8).length;
                if (file.endsWith(".html")) {
                    assertThat(inlineScript.matcher(text).find()).as(file).isFalse();
                    assertThat(handler.matcher(text).find()).as(file).isFalse();
                    assertThat(text).as(file).doesNotContain("http://").doesNotContain("https://");
                }
                if (file.equals("app.js")) {
                    assertThat(text).doesNotContain("innerHTML").doesNotContain("outerHTML")
                            .doesNotContain("insertAdjacentHTML").doesNotContain("document.write")
                            .doesNotContain("eval(");
                }
            }
        }
        assertThat(total).isLessThan(150 * 1024);
    }

    @Test
    void withoutTheDashboardItsPathsAreUnknown() throws Exception {
        start(data.web().dashboard(false).build());
        assertThat(get("/jobhistory/dashboard/").statusCode()).isEqualTo(404);
        assertThat(get("/jobhistory/jobs").statusCode()).isEqualTo(200);
    }

    @Test
    void servesUnderAnotherBasePathWithLinksThere() throws Exception {
        start(data.web().basePath("/ops/history").build());
        assertThat(json(get("/ops/history/jobs")).toString()).contains("\"job_id\":\"daily-aapl\"");
        assertThat(get("/jobhistory/jobs").statusCode()).isEqualTo(404);
        assertThat(get("/ops/history/jobs/daily-aapl/history?limit=2").headers().firstValue("Link").orElseThrow())
                .startsWith("</ops/history/jobs/daily-aapl/history?limit=2&cursor=");
    }

    @Test
    void servesAtTheRootToo() throws Exception {
        start(data.web().basePath("/").build());
        assertThat(get("/jobs").statusCode()).isEqualTo(200);
        assertThat(get("/dashboard/").statusCode()).isEqualTo(200);
        assertThat(server.dashboardUri().getPath()).isEqualTo("/dashboard/");
    }

    @Test
    void handleAnswersWithoutAServer() {
        WebResponse response = data.web().build().handle(WebRequest.builder("GET", "/jobhistory/jobs/daily-aapl/summary")
                .build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"consecutive_failures\" : 3");
        assertThat(data.web().build().handle(WebRequest.builder("GET", "/jobhistory/jobs/%ZZ/history").build())
                .status()).isEqualTo(400);
    }

    @Test
    void theSummaryCountsThisInstancesRunsThatDidNotHappenWhenGivenTheCount() throws Exception {
        start(data.web().notRunCounts(job -> job.equals("daily-aapl") ? 7 : 0).build());
        assertThat(json(get("/jobhistory/jobs/daily-aapl/summary")).get("not_run_here").asLong()).isEqualTo(7);
        server.close();
        start(data.web().build());
        assertThat(json(get("/jobhistory/jobs/daily-aapl/summary")).has("not_run_here")).isFalse();
    }

    @Test
    void aJobsRecordHasItsNewestRunLastErrorAndCounts() throws Exception {
        start(data.web().build());
        JsonNode record = json(get("/jobhistory/jobs/daily-aapl/record"));

        assertThat(record.get("job_name").asText()).isEqualTo("Daily AAPL");
        assertThat(record.get("last_run").get("execution_id").asText()).isEqualTo("aapl-25");
        assertThat(record.get("last_run").get("status").asText()).isEqualTo("failed");
        assertThat(record.get("last_error").asText()).isEqualTo("Failed to fetch AAPL: HTTP 503 (run 25)");
        assertThat(record.get("last_error_execution_id").asText()).isEqualTo("aapl-25");
        assertThat(record.get("finished_counts").get("success").asInt()).isEqualTo(21);
        assertThat(record.get("finished_counts").get("partial_success").asInt()).isEqualTo(1);
        assertThat(record.get("finished_counts").get("failed").asInt()).isEqualTo(3);
        assertThat(record.get("last_success_time").asText()).isEqualTo(TestData.T.plus(Duration.ofMinutes(22))
                .plusSeconds(22).toString());

        HttpResponse<String> none = get("/jobhistory/jobs/idle-job/record");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).get("error").asText()).contains("no job record");
        assertThat(get("/jobhistory/jobs/nope/record").statusCode()).isEqualTo(404);
    }

    @Test
    void aJobsStatisticsByHourAndDay() throws Exception {
        start(data.web().build());
        JsonNode hours = json(get("/jobhistory/jobs/daily-aapl/statistics?granularity=hour"));
        assertThat(hours.get("granularity").asText()).isEqualTo("hour");
        assertThat(hours.get("histogram_edges_seconds").size()).isEqualTo(JobStatistics.HISTOGRAM_EDGES.size());
        assertThat(hours.get("periods")).hasSize(1);
        JsonNode hour = hours.get("periods").get(0);
        assertThat(hour.get("start").asText()).isEqualTo("2025-10-29T11:00:00Z");
        assertThat(hour.get("runs").asInt()).isEqualTo(25);
        assertThat(hour.get("counts").get("failed").asInt()).isEqualTo(3);
        assertThat(hour.get("max_duration_seconds").asDouble()).isEqualTo(25.0);
        assertThat(hour.get("histogram").size()).isEqualTo(JobStatistics.HISTOGRAM_EDGES.size() + 1);

        JsonNode days = json(get("/jobhistory/jobs/daily-aapl/statistics"));
        assertThat(days.get("granularity").asText()).isEqualTo("day");
        assertThat(days.get("periods").get(0).get("start").asText()).isEqualTo("2025-10-29T00:00:00Z");
        assertThat(json(get("/jobhistory/jobs/daily-aapl/statistics?from=2025-10-30T00:00:00Z&to=2025-10-31T00:00:00Z"))
                .get("periods")).isEmpty();

        for (String bad : List.of("granularity=week", "size=3", "from=yesterday",
                "from=2025-10-30T00:00:00Z&to=2025-10-29T00:00:00Z")) {
            HttpResponse<String> refused = get("/jobhistory/jobs/daily-aapl/statistics?" + bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(json(get("/jobhistory/jobs/daily-aapl/statistics?granularity=week")).get("error").asText())
                .contains("'week'").contains("hour").contains("day");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scheduler", "/scheduler/", "/a//b", "/a b", "/a?b"})
    void refusesABadBasePath(String basePath) {
        assertThatThrownBy(() -> data.web().basePath(basePath)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basePath must be").hasMessageContaining(basePath);
    }

    @Test
    void aRequestLineTheServerCannotParseGetsJsonWithTheHeaders() throws Exception {
        start(data.web().build());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /jobhistory/jobs/%ZZ/history HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\"")
                    .contains("Content-Security-Policy: " + HistoryWeb.CONTENT_SECURITY_POLICY)
                    .contains("X-Content-Type-Options: nosniff");
        }
    }

    @Test
    void aBodySentAfterTheHeadersIsReadBeforeTheAnswerSoTheConnectionServesTheNextRequest() throws Exception {
        start(data.web().build());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("PUT /jobhistory/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // the body comes late, as it does from clients that send it apart from the headers
            out.write(("{\"a\":\"b\"}GET /jobhistory/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answers).startsWith("HTTP/1.1 405").doesNotContain("Connection: close\r\n\r\n{\"error\"")
                    .contains("HTTP/1.1 200");
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
