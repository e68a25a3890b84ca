package io.jobhistory.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 concurrent overviews of 500 jobs x 100 recent runs each (about 8 MB an answer) from a server over 1,000 jobs x
 * 100 runs in a JVM with a 256 MB heap: every answer is whole, the server lives, and its heap after the load is back
 * near where it was before.
 */
class OverviewHeapTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void concurrentLargeOverviewsFitInA256MbHeapAndLeaveNothingHeld() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        server = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), OverviewHeapServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        String first = out.readLine();
        assertThat(first).as("the server's first line").startsWith("PORT ");
        String base = "http://127.0.0.1:" + first.substring(5) + "/jobhistory/overview?recent_runs=100&limit=500";

        long before = heap(in, out);
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                answers.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofMinutes(2))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(3, TimeUnit.MINUTES);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).endsWith("}").contains("\"next_cursor\" : \"");
                assertThat(response.body().length()).isGreaterThan(5_000_000);
            }
        }
        assertThat(server.isAlive()).as("the server survived the load").isTrue();
        long after = heap(in, out);
        System.out.printf("Overview heap, 256 MB JVM, 1,000 jobs x 100 runs: %.1f MB used before the load, "
                + "%.1f MB after 2 rounds of 32 concurrent 500-job pages%n", before / 1e6, after / 1e6);
        assertThat(after).as("heap used after the load (bytes) against before").isLessThan(before + 24_000_000L);
        in.println("quit");
    }

    private static long heap(PrintWriter in, BufferedReader out) throws Exception {
        in.println("heap");
        String line = out.readLine();
        assertThat(line).startsWith("HEAP ");
        return Long.parseLong(line.substring(5));
    }
}
