package io.jobhistory.spring.boot3;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.jobhistory.fixtures.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The starter jar built against Boot 4, in a Boot 3.5 application. */
@SpringBootTest(classes = Boot3Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,jobhistory", "db-scheduler.enabled=false",
                "jobhistory.web.enabled=true"})
class Boot3CompatibilityTest {

    @LocalServerPort
    int port;

    @Autowired
    ExecutionHistoryRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Test
    void scheduledMethodsAreRecordedCountedAndServedOnBoot3() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5");
        until("runs recorded", () -> finished("Jobs.fixedRate") && finished("daily-aapl") && finished("Jobs.failing"));
        assertThat(registry.findLatest("daily-aapl").orElseThrow().jobName()).isEqualTo("Daily AAPL");
        ExecutionRecord failed = registry.findHistory("Jobs.failing").stream().filter(ExecutionRecord::isFinished)
                .findFirst().orElseThrow();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(meters.get("jobhistory.runs").tags("job", "Jobs.failing", "status", "failed").counter().count())
                .isPositive();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/jobhistory")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"Daily AAPL\"").contains("Jobs.fixedRate");
        HttpResponse<String> web = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/jobhistory/jobs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(web.statusCode()).isEqualTo(200);
        assertThat(web.body()).contains("\"Daily AAPL\"");
    }

    private boolean finished(String jobId) {
        return registry.findHistory(jobId).stream().anyMatch(ExecutionRecord::isFinished);
    }
}
