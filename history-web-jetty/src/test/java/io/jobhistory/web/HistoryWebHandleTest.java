package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HistoryWeb#handle} without a server: the order of the checks, parts, redaction. */
class HistoryWebHandleTest {

    private final TestData data = new TestData();

    @Test
    void aLargeAnswerIsMadeInBoundedParts() throws Exception {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int job = 0; job < 50; job++) {
            List<ExecutionRecord> runs = new ArrayList<>();
            for (int run = 0; run < 100; run++) {
                runs.add(ExecutionRecord.builder("j" + job + "-r" + run, "job-" + job, "Job " + job,
                        start.plusSeconds(run)).finished(ExecutionStatus.SUCCESS, start.plusSeconds(run + 1)).build());
            }
            registry.saveAll(runs);
        }
        WebResponse response = HistoryWeb.builder(registry).build()
                .handle(WebRequest.builder("GET", "/jobhistory/overview").rawQuery("recent_runs=100").build());
        assertThat(response.contentLength()).isEmpty();
        WebResponse.BodyWriter body = response.bodyWriter();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        int parts = 0;
        boolean more = true;
        while (more) {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            more = body.writeNext(part);
            parts++;
            // a part ends after the step that crossed the size: one chunk of overview rows at most
            assertThat(part.size()).isLessThan(WebResponse.PART_SIZE + 64 * 1024);
            whole.write(part.toByteArray());
        }
        assertThat(parts).isGreaterThan(10);
        String json = whole.toString(StandardCharsets.UTF_8);
        assertThat(json).startsWith("{").endsWith("}").contains("\"job-49\"");
        assertThatThrownBy(response::bodyWriter).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already taken");
    }

    @Test
    void theHostIsCheckedFirstThenAccessThenAuthentication() {
        HistoryWeb web = data.web()
                .accessControl(request -> request.header("X-Team").isPresent())
                .basicAuth("history", (user, password) -> password.equals("s3cret"))
                .build();
        WebRequest.Builder foreign = WebRequest.builder("GET", "/jobhistory/jobs").header("Host", "evil.example");
        assertThat(web.handle(foreign.build()).status()).isEqualTo(403);
        assertThat(body(web.handle(foreign.build()))).contains("Host 'evil.example' is not served here");
        assertThat(web.handle(WebRequest.builder("GET", "/jobhistory/jobs").header("Host", "localhost:1")
                .header("Authorization", "Basic b3BzOnMzY3JldA==").build()).status()).as("no X-Team").isEqualTo(403);
        assertThat(web.handle(WebRequest.builder("GET", "/jobhistory/jobs").header("X-Team", "ops").build()).status())
                .isEqualTo(401);
        assertThat(web.handle(WebRequest.builder("GET", "/jobhistory/jobs").header("X-Team", "ops")
                .header("Authorization", "Basic b3BzOnMzY3JldA==").build()).status()).isEqualTo(200);
    }

    @Test
    void theAddressARequestArrivedAtIsAnAllowedHost() {
        HistoryWeb web = data.web().build();
        InetSocketAddress local = new InetSocketAddress("10.1.2.3", 8080);
        assertThat(web.handle(WebRequest.builder("GET", "/jobhistory/jobs").header("Host", "10.1.2.3:8080")
                .localAddress(local).build()).status()).isEqualTo(200);
        assertThat(web.handle(WebRequest.builder("GET", "/jobhistory/jobs").header("Host", "10.1.2.4:8080")
                .localAddress(local).build()).status()).isEqualTo(403);
        assertThat(web.handle(WebRequest.builder("GET", "/jobhistory/jobs").header("Host", "[::1]:8080").build())
                .status()).isEqualTo(200);
        assertThatThrownBy(() -> data.web().allowedHosts(List.of("history.example.com:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history.example.com:8080");
    }

    @Test
    void redactionCoversItemsAndAttributeValuesToo() {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        registry.save(ExecutionRecord.builder("r-1", "job", "Job", start)
                .finished(ExecutionStatus.FAILED, start.plusSeconds(1))
                .failedItems(List.of("jdbc:postgresql://db?password=hunter2"))
                .succeededItems(List.of("token=hunter2"))
                .errors(List.of("password=hunter2 refused"))
                .attributes(Map.of("url", "redis://:hunter2@cache:6379"))
                .build());
        HistoryWeb web = HistoryWeb.builder(registry).redaction(text -> text.replace("hunter2", "***")).build();
        String run = body(web.handle(WebRequest.builder("GET", "/jobhistory/executions/r-1").build()));
        assertThat(run).doesNotContain("hunter2").contains("password=***").contains("redis://:***@cache:6379");
    }

    private static String body(WebResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
