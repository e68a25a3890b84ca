package io.jobhistory.spring.boot.e2e;

import com.jayway.jsonpath.JsonPath;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static io.jobhistory.fixtures.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = JobsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,jobhistory,scheduledtasks",
                "jobhistory.web.enabled=true",
                "spring.task.scheduling.pool.size=4"})
class ScheduledJobsEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    ExecutionHistoryRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StockJobs stockJobs;

    @Autowired
    QuietJobs quietJobs;

    @Autowired
    TransactionalJobs transactionalJobs;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyKindOfScheduledMethodIsRecordedUnderItsId() {
        for (String job : List.of("StockJobs.fixedRate", "StockJobs.fixedDelay", "StockJobs.cron", "daily-aapl",
                "TransactionalJobs.work", "StockJobs.once", "StockJobs.elsewhere")) {
            until(job + " recorded a finished run", () -> finished(job).stream()
                    .anyMatch(r -> r.status() == ExecutionStatus.SUCCESS));
        }
        assertThat(registry.findLatest("daily-aapl").orElseThrow().jobName()).isEqualTo("Daily AAPL");
        assertThat(registry.findLatest("StockJobs.fixedRate").orElseThrow().jobName()).isEqualTo("StockJobs.fixedRate");
        assertThat(stockJobs.otherThread).startsWith("other-");
    }

    @Test
    void aProxiedBeanIsRecordedUnderItsOwnClassName() {
        assertThat(AopUtils.isCglibProxy(transactionalJobs)).isTrue();
        until("the transactional job ran", () -> !finished("TransactionalJobs.work").isEmpty());
        assertThat(transactionalJobs.ranInTransaction()).isTrue();
        assertThat(registry.findJobIds()).noneMatch(id -> id.contains("$$"));
    }

    @Test
    void optedOutMethodsAndClassesAreNotRecorded() {
        until("opted-out jobs ran", () -> stockJobs.optedOutRuns.get() >= 3 && quietJobs.runs.get() >= 3);
        assertThat(registry.findJobIds()).doesNotContain("StockJobs.optedOut", "QuietJobs.tick")
                .contains("StockJobs.fixedRate");
    }

    @Test
    void aThrowingMethodIsRecordedFailedAndSpringsErrorHandlingIsUnchanged() {
        until("two failed runs recorded", () -> finished("StockJobs.failing").size() >= 2);
        ExecutionRecord failed = finished("StockJobs.failing").get(0);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.errors()).singleElement().asString().contains("IllegalStateException").contains("boom");
        assertThat(failed.stackTrace()).isPresent();
        // Spring's error handler still sees each failure, the very exception the method threw, and keeps the schedule
        until("the error handler saw two failures", () -> handled(IllegalStateException.class).size() >= 2);
        assertThat(handled(IllegalStateException.class)).allSatisfy(t -> assertThat(t).hasMessageStartingWith("boom "));
    }

    @Test
    void aCheckedExceptionIsRecordedAsItselfAndSpringsHandlerSeesItAsBefore() {
        until("a checked failure recorded", () -> !finished("StockJobs.checked").isEmpty());
        assertThat(finished("StockJobs.checked").get(0).errors()).singleElement().asString()
                .contains("IOException").contains("disk full").doesNotContain("Undeclared");
        // Spring wraps it in an UndeclaredThrowableException and its error handling unwraps it again, as without us
        until("the error handler saw it", () -> !handled(IOException.class).isEmpty());
        assertThat(handled(IOException.class).get(0)).hasMessage("disk full");
        assertThat(handled(UndeclaredThrowableException.class)).isEmpty();
    }

    @Test
    void methodsReportItemsThroughTheCurrentContext() {
        until("tech-stocks recorded", () -> !finished("tech-stocks").isEmpty());
        ExecutionRecord run = finished("tech-stocks").get(0);
        assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
        assertThat(run.jobName()).isEqualTo("Tech stocks");
        assertThat(run.succeededItems()).containsExactly("AAPL");
        assertThat(run.failedItems()).containsExactly("GOOGL");
        assertThat(run.errors()).containsExactly("Failed to fetch GOOGL: Connection timeout after 30s");
        assertThat(run.totalItems()).isEqualTo(2);
    }

    private static List<Throwable> handled(Class<? extends Throwable> type) {
        return JobsApplication.HANDLED.stream().filter(type::isInstance).toList();
    }

    @Test
    void metricsCountRunsAndSpringsOwnObservationStillWorksWithoutDoubleRecording() {
        until("the one-off job finished", () -> !finished("StockJobs.once").isEmpty());
        assertThat(stockJobs.onceRuns.get()).isEqualTo(1);
        assertThat(registry.findHistory("StockJobs.once")).hasSize(1);
        assertThat(meters.get("jobhistory.runs").tags("job", "StockJobs.once", "status", "success").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("jobhistory.run.duration").tags("job", "StockJobs.once", "status", "success").timer()
                .count()).isEqualTo(1);
        until("Spring's observation timed the one-off job", () -> meters.find("tasks.scheduled.execution")
                .tag("code.function", "once").timer() != null);
        assertThat(meters.get("tasks.scheduled.execution").tag("code.function", "once").timer().count()).isEqualTo(1);

        until("failures counted", () -> meters.find("jobhistory.runs").tags("job", "StockJobs.failing", "status", "failed")
                .counter() != null);
        assertThat(meters.get("jobhistory.runs").meters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .extracting(t -> t.getKey()).containsExactlyInAnyOrder("job", "status"));
    }

    @Test
    void theActuatorEndpointAnswersOverHttp() throws Exception {
        until("daily-aapl recorded", () -> !finished("daily-aapl").isEmpty());
        HttpResponse<String> jobs = get("/actuator/jobhistory");
        assertThat(jobs.statusCode()).isEqualTo(200);
        List<String> names = JsonPath.read(jobs.body(), "$.jobs[?(@.job_id == 'daily-aapl')].job_name");
        assertThat(names).containsExactly("Daily AAPL");
        List<Integer> runs = JsonPath.read(jobs.body(), "$.jobs[?(@.job_id == 'daily-aapl')].summary.runs");
        assertThat(runs).singleElement().satisfies(n -> assertThat(n).isPositive());
        List<String> latest = JsonPath.read(jobs.body(), "$.jobs[?(@.job_id == 'daily-aapl')].latest.job_id");
        assertThat(latest).containsExactly("daily-aapl");

        HttpResponse<String> one = get("/actuator/jobhistory/daily-aapl");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<Object>>read(one.body(), "$.recent_runs")).isNotEmpty();
        assertThat(JsonPath.<Integer>read(one.body(), "$.summary.not_run_here")).as("none without a lock").isZero();
        assertThat(get("/actuator/jobhistory/no-such-job").statusCode()).isEqualTo(404);

        HttpResponse<String> tasks = get("/actuator/scheduledtasks");
        assertThat(tasks.body()).contains(StockJobs.class.getName() + ".fixedRate");
        assertThat(get("/actuator/health").body()).contains("\"UP\"");
    }

    @Test
    void theJsonApiAndDashboardAreServedUnderTheBasePath() throws Exception {
        until("daily-aapl recorded", () -> !finished("daily-aapl").isEmpty());
        HttpResponse<String> jobs = get("/jobhistory/jobs");
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(jobs.body(), "$[?(@.job_id == 'daily-aapl')].job_name"))
                .containsExactly("Daily AAPL");
        assertThat(JsonPath.<List<String>>read(jobs.body(), "$[?(@.job_id == 'yearly-report')].job_name"))
                .as("a job that has not run yet is listed").containsExactly("Yearly report");
        HttpResponse<String> history = get("/jobhistory/jobs/daily-aapl/history?limit=2");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<Object>>read(history.body(), "$")).hasSizeBetween(1, 2);
        assertThat(get("/jobhistory/jobs/daily-aapl/summary").statusCode()).isEqualTo(200);
        assertThat(get("/jobhistory/jobs/no-such-job/latest-execution").statusCode()).isEqualTo(404);
        HttpResponse<String> dashboard = get("/jobhistory/dashboard/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/jobhistory/jobs")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private List<ExecutionRecord> finished(String jobId) {
        return registry.findHistory(jobId).stream().filter(ExecutionRecord::isFinished).toList();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
