package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobOverview;
import io.jobhistory.fixtures.ForwardingRegistry;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.web.jetty.HistoryWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Slow, silent and hostile clients against the standalone server, over real sockets. */
class HostileClientsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestData data = new TestData();
    private final List<Socket> sockets = new ArrayList<>();
    private HistoryWebServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} connections")
    @ValueSource(ints = {4, 200})
    void connectionsThatNeverFinishTheirHeadersDoNotStopOthers(int connections) throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        for (int i = 0; i < connections; i++) {
            send(open(), "GET /jobhistory/jobs HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
        }
        assertThat(get("/jobhistory/jobs").statusCode()).isEqualTo(200);
        assertThat(get("/jobhistory/overview").statusCode()).isEqualTo(200);
        assertAllStillOpen();
    }

    @ParameterizedTest(name = "{0} connections")
    @ValueSource(ints = {4, 200})
    void requestsWhoseBodyNeverComesDoNotStopOthers(int connections) throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        for (int i = 0; i < connections; i++) {
            String method = i % 2 == 0 ? "POST" : "GET";
            send(open(), method + " /jobhistory/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n"
                    + "Content-Type: application/json\r\n\r\n{\"a\":");
        }
        assertThat(get("/jobhistory/jobs").statusCode()).isEqualTo(200);
        assertThat(get("/jobhistory/overview").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoreFailingWhileTheAnswerIsMadeGetsAJson500WithoutTheStoresWords() throws Exception {
        ExecutionHistoryRegistry stored = InMemoryExecutionHistoryRegistry.create();
        fill(stored, 40, 20);
        AtomicInteger reads = new AtomicInteger();
        ExecutionHistoryRegistry failing = new ForwardingRegistry(stored, record -> { }) {
            @Override
            public List<JobOverview> findOverviews(Collection<String> jobIds, int recentRuns) {
                if (reads.incrementAndGet() > 1) {
                    throw new IllegalStateException("Failed to connect to secret-host.internal:6379");
                }
                return super.findOverviews(jobIds, recentRuns);
            }
        };
        server = HistoryWebServer.start(HistoryWeb.builder(failing).build(), new InetSocketAddress("127.0.0.1", 0));
        // compact JSON of 10 rows is under one part, so the second chunk is read before anything is sent
        HttpResponse<String> response = get("/jobhistory/dashboard/api/overview?recent_runs=20&limit=40");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("reference").doesNotContain("secret-host");
        assertSecurityHeaders(response, "500");
    }

    @Test
    void aServerOnTheWildcardAddressNamesAUrlABrowserCanOpen() throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("0.0.0.0", 0));
        assertThat(server.dashboardUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(HTTP.send(HttpRequest.newBuilder(server.dashboardUri()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedInJson() throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        Socket socket = open();
        send(socket, "POST /jobhistory/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n");
        String answer = readAnswer(socket);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error\"")
                .contains("Content-Security-Policy: " + HistoryWeb.CONTENT_SECURITY_POLICY);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedInJson() throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        Socket socket = open();
        String chunk = "x".repeat(8 * 1024);
        send(socket, "POST /jobhistory/jobs HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("2000\r\n" + chunk + "\r\n").repeat(3) + "0\r\n\r\n");
        String answer = readOneAnswer(socket);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error\"")
                .contains("Content-Security-Policy: " + HistoryWeb.CONTENT_SECURITY_POLICY);
    }

    @Test
    void clientsSendingABodyThatNeverEndsDoNotStopOthers() throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        for (int i = 0; i < 200; i++) {
            send(open(), "PUT /jobhistory/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{");
        }
        assertThat(get("/jobhistory/jobs").statusCode()).isEqualTo(200);
        assertAllStillOpen();
    }

    @ParameterizedTest(name = "{0} connections")
    @ValueSource(ints = {4, 200})
    void clientsThatDoNotReadALargeAnswerDoNotStopOthers(int connections) throws Exception {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        fill(registry, 300, 100);
        server = HistoryWebServer.start(HistoryWeb.builder(registry).build(), new InetSocketAddress("127.0.0.1", 0));
        for (int i = 0; i < connections; i++) {
            Socket socket = open(4096);
            send(socket, "GET /jobhistory/overview?recent_runs=100&limit=300 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        HttpResponse<String> overview = get("/jobhistory/overview?recent_runs=100&limit=300");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body().length()).as("a large answer").isGreaterThan(2_000_000);
        assertThat(get("/jobhistory/jobs").statusCode()).isEqualTo(200);
        assertAllStillOpen();
    }

    @Test
    void aForeignHostIsRefusedAndTheServersOwnNamesAreServed() throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        assertThat(rawGet("/jobhistory/jobs", "attacker.example")).startsWith("HTTP/1.1 403").contains("\"error\"")
                .contains("Host 'attacker.example' is not served here")
                .contains("X-Content-Type-Options: nosniff");
        assertThat(rawGet("/jobhistory/dashboard/", "attacker.example:" + server.port())).startsWith("HTTP/1.1 403");
        for (String host : List.of("localhost", "localhost:" + server.port(), "127.0.0.1:" + server.port(),
                "LOCALHOST")) {
            assertThat(rawGet("/jobhistory/jobs", host)).as(host).startsWith("HTTP/1.1 200");
        }
        server.close();
        server = HistoryWebServer.start(data.web().allowedHosts(Set.of("history.example.com")).build(),
                new InetSocketAddress("127.0.0.1", 0));
        assertThat(rawGet("/jobhistory/jobs", "history.example.com")).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/jobhistory/jobs", "127.0.0.1:" + server.port())).as("the address reached")
                .startsWith("HTTP/1.1 200");
        assertThat(rawGet("/jobhistory/jobs", "localhost")).startsWith("HTTP/1.1 403");
        server.close();
        server = HistoryWebServer.start(data.web().anyHost().build(), new InetSocketAddress("127.0.0.1", 0));
        assertThat(rawGet("/jobhistory/jobs", "attacker.example")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aRefusedClientGets403WhateverPasswordItSends() throws Exception {
        server = HistoryWebServer.start(data.web()
                .accessControl(request -> request.header("X-Team").filter("ops"::equals).isPresent())
                .basicAuth("history", (user, password) -> user.equals("ops") && password.equals("s3cret"))
                .build(), new InetSocketAddress("127.0.0.1", 0));
        for (String credentials : List.of("ops:s3cret", "ops:wrong", "")) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/jobhistory/jobs"));
            if (!credentials.isEmpty()) {
                request.header("Authorization", basic(credentials));
            }
            HttpResponse<String> refused = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(credentials).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(uri("/jobhistory/jobs")).header("X-Team", "ops")
                .header("Authorization", basic("ops:wrong")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(uri("/jobhistory/jobs")).header("X-Team", "ops")
                .header("Authorization", basic("ops:s3cret")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!", "Bearer abc", "Basic", "Basic bm9jb2xvbg=="})
    void aMalformedAuthorizationGetsAJson400(String header) throws Exception {
        server = HistoryWebServer.start(data.web().basicAuth("history", (user, password) -> true).build(),
                new InetSocketAddress("127.0.0.1", 0));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/jobhistory/jobs"))
                .header("Authorization", header).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\"").contains("basic authentication");
        assertSecurityHeaders(response, header);
    }

    @Test
    void everyErrorOfEveryEndpointIsJsonWithTheSecurityHeaders() throws Exception {
        server = HistoryWebServer.start(data.web()
                .accessControl(request -> !request.header("X-Refuse").isPresent())
                .basicAuth("history", (user, password) -> password.equals("s3cret"))
                .build(), new InetSocketAddress("127.0.0.1", 0));
        List<String> endpoints = List.of("/jobhistory/jobs", "/jobhistory/jobs/daily-aapl/history",
                "/jobhistory/jobs/daily-aapl/latest-execution", "/jobhistory/jobs/daily-aapl/summary",
                "/jobhistory/executions/aapl-1", "/jobhistory/overview", "/jobhistory/dashboard/",
                "/jobhistory/dashboard/api/overview");
        for (String path : endpoints) {
            assertError(send("GET", path, null, false), 401, path);
            assertError(send("GET", path, "ops:s3cret", true), 403, path);
            assertError(send("DELETE", path, "ops:s3cret", false), 405, path);
            HttpResponse<String> ok = send("GET", path, "ops:s3cret", false);
            assertThat(ok.statusCode()).as(path).isEqualTo(200);
            assertSecurityHeaders(ok, path);
        }
        assertError(send("GET", "/jobhistory/jobs/no-such-job/summary", "ops:s3cret", false), 404, "unknown job");
        assertError(send("GET", "/jobhistory/nothing-here", "ops:s3cret", false), 404, "unknown path");
        assertError(send("GET", "/elsewhere", "ops:s3cret", false), 404, "outside the base path");
        assertError(send("GET", "/jobhistory/jobs/daily-aapl/history?limit=0", "ops:s3cret", false), 400, "bad limit");
        assertError(send("GET", "/jobhistory/jobs/daily-aapl/history?to=-999999999-01-01T00:00:00Z", "ops:s3cret",
                false), 200, "a far time is a valid bound");
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() throws Exception {
        server = HistoryWebServer.start(data.web().build(), new InetSocketAddress("127.0.0.1", 0));
        for (String path : List.of("/jobhistory/jobs", "/jobhistory/overview", "/jobhistory/dashboard/app.js")) {
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertSecurityHeaders(head, path);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static void fill(ExecutionHistoryRegistry registry, int jobs, int runsPerJob) {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        List<ExecutionRecord> batch = new ArrayList<>();
        for (int job = 0; job < jobs; job++) {
            for (int run = 0; run < runsPerJob; run++) {
                Instant at = start.plusSeconds(60L * run);
                batch.add(ExecutionRecord.builder("job-" + job + "-run-" + run, "job-" + job, "Job number " + job, at)
                        .finished(run % 7 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCESS, at.plusSeconds(3))
                        .succeededItems(List.of("AAPL", "MSFT", "GOOGL"))
                        .errors(run % 7 == 0 ? List.of("Failed to fetch TSLA: connection reset") : List.of())
                        .build());
            }
        }
        registry.saveAll(batch);
    }

    private void assertError(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        if (status != 200) {
            assertThat(response.headers().firstValue("Content-Type")).as(what)
                    .hasValue("application/json; charset=utf-8");
            assertThat(response.body()).as(what).contains("\"error\"");
        }
        assertSecurityHeaders(response, what);
    }

    private static void assertSecurityHeaders(HttpResponse<String> response, String what) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).as(what)
                .hasValue(HistoryWeb.CONTENT_SECURITY_POLICY);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    }

    private HttpResponse<String> send(String method, String path, String credentials, boolean refuse)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        if (refuse) {
            request.header("X-Refuse", "yes");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private Socket open() throws IOException {
        return open(0);
    }

    /** A connection; with a small receive buffer (set before connecting, so the window stays small) if not 0. */
    private Socket open(int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private String rawGet(String path, String host) throws IOException {
        Socket socket = open();
        send(socket, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        return readAnswer(socket);
    }

    private static String readAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** One answer, read by its Content-Length, whether or not the server then closes the connection. */
    private static String readOneAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer's head ended early: " + head).isNotEqualTo(-1);
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        assertThat(length.find()).as("a Content-Length in " + head).isTrue();
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    /** Every held connection is still open: a read waits (the server neither answered nor closed it). */
    private void assertAllStillOpen() throws IOException {
        for (Socket socket : sockets) {
            socket.setSoTimeout(5);
            InputStream in = socket.getInputStream();
            try {
                int read = in.read();
                assertThat(read).as("a held connection was closed by the server").isNotEqualTo(-1);
            } catch (SocketTimeoutException stillOpen) {
                // what we want: nothing to read, and not closed
            }
        }
    }
}
