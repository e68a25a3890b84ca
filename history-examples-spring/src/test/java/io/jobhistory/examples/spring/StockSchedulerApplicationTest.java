package io.jobhistory.examples.spring;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.fixtures.Await;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The example application runs its jobs, records their items and serves them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "stocks.interval=100ms")
class StockSchedulerApplicationTest {

    @LocalServerPort
    int port;

    @Autowired
    ExecutionHistoryRegistry registry;

    @Test
    void stockJobsAreRecordedWithTheirItemsAndServed() throws Exception {
        Await.until("a finished tech-stocks run",
                () -> registry.findHistory("tech-stocks").stream().anyMatch(ExecutionRecord::isFinished));
        ExecutionRecord run = registry.findHistory("tech-stocks").stream().filter(ExecutionRecord::isFinished)
                .findFirst().orElseThrow();
        assertThat(run.jobName()).isEqualTo("Tech stocks");
        assertThat(run.totalItems()).isEqualTo(3);
        assertThat(run.succeededItems().size() + run.failedItems().size()).isEqualTo(3);

        HttpResponse<String> jobs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/jobhistory")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.body()).contains("\"Tech stocks\"");

        HttpResponse<String> dashboard = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/scheduler/dashboard/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        HttpResponse<String> history = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/scheduler/jobs/tech-stocks/history?limit=5")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).contains("\"tech-stocks\"");
    }
}
