package io.jobhistory.spring.boot.shedlock;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jobhistory.fixtures.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Boot application whose ShedLock lock another instance holds for the whole test (taken first through ShedLock's
 * JDBC provider on the same database): its ticks never run the method, and none of them is a run in the history.
 */
class ShedLockNotRunTest {

    private static final String REASON = "lock 'locked-tick' held by another instance";

    private JdbcConnectionPool database;
    private String url;
    private SimpleLock heldElsewhere;

    @BeforeEach
    void holdTheLockElsewhere() {
        url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        database = JdbcConnectionPool.create(url, "sa", "");
        LockedTicks.createTables(database);
        JdbcTemplateLockProvider otherInstance = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
                .builder().withJdbcTemplate(new JdbcTemplate(database)).build());
        heldElsewhere = otherInstance.lock(new LockConfiguration(Instant.now(), LockedTicks.LOCK,
                Duration.ofMinutes(10), Duration.ZERO)).orElseThrow();
    }

    @AfterEach
    void release() {
        heldElsewhere.unlock();
        new JdbcTemplate(database).execute("SHUTDOWN");
        database.dispose();
    }

    @Test
    void byDefaultATickWhoseLockIsHeldElsewhereLeavesNoRunAndIsCounted() {
        Outcome outcome = runUntilTicksDidNotRun();

        assertThat(outcome.executions).as("method bodies run").isZero();
        assertThat(outcome.history).as("runs in the history").isEmpty();
        assertThat(outcome.notRun).isGreaterThanOrEqualTo(2);
        assertThat(outcome.counted).isEqualTo(outcome.notRun);
    }

    @Test
    void withRecordSkippedTheTicksAreOneCoalescedSkipWithTheReason() {
        Outcome outcome = runUntilTicksDidNotRun("jobhistory.not-run.handling=record-skipped");

        assertThat(outcome.executions).as("method bodies run").isZero();
        assertThat(outcome.history).singleElement().satisfies(skip -> {
            assertThat(skip.status()).isEqualTo(ExecutionStatus.SKIPPED);
            assertThat(skip.skipCount()).isEqualTo(outcome.notRun);
            assertThat(skip.errors()).containsExactly(REASON);
            assertThat(skip.node()).contains("node-x");
        });
        assertThat(outcome.notRun).isGreaterThanOrEqualTo(2);
        assertThat(outcome.counted).isEqualTo(outcome.notRun);
    }

    @Test
    void theJobsSummaryOverHttpShowsThisInstancesCount() throws Exception {
        ConfigurableApplicationContext app = LockedTicksApplication.builder().web(WebApplicationType.SERVLET)
                .properties("locked-ticks.db-url=" + url, "jobhistory.node=node-x", "server.port=0",
                        "server.address=127.0.0.1",
                        "jobhistory.web.enabled=true")
                .run();
        try {
            JobExecutionRecorder recorder = app.getBean(JobExecutionRecorder.class);
            until("two ticks did not run", () -> recorder.notRunCount(LockedTicks.JOB) >= 2);
            String port = app.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> summary = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/jobhistory/jobs/" + LockedTicks.JOB + "/summary")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
            Matcher shown = Pattern.compile("\"not_run_here\"\\s*:\\s*(\\d+)").matcher(summary.body());
            assertThat(shown.find()).as(summary.body()).isTrue();
            assertThat(Long.parseLong(shown.group(1))).isGreaterThanOrEqualTo(2)
                    .isLessThanOrEqualTo(recorder.notRunCount(LockedTicks.JOB));
            assertThat(summary.body()).containsPattern("\"runs\"\\s*:\\s*0,");
        } finally {
            app.close();
        }
    }

    private Outcome runUntilTicksDidNotRun(String... properties) {
        ConfigurableApplicationContext app = LockedTicksApplication.builder()
                .properties("locked-ticks.db-url=" + url, "jobhistory.node=node-x")
                .properties(properties)
                .run();
        JobExecutionRecorder recorder = app.getBean(JobExecutionRecorder.class);
        ExecutionHistoryRegistry registry = app.getBean(ExecutionHistoryRegistry.class);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        LockedTicks ticks = app.getBean(LockedTicks.class);
        try {
            until("two ticks did not run", () -> recorder.notRunCount(LockedTicks.JOB) >= 2);
        } finally {
            app.close();  // no more ticks: the counts below are final
        }
        return new Outcome(ticks.executions(), registry.findHistory(LockedTicks.JOB),
                recorder.notRunCount(LockedTicks.JOB),
                meters.get("jobhistory.runs.not.run").tag("job", LockedTicks.JOB).counter().count());
    }

    private record Outcome(int executions, List<ExecutionRecord> history, long notRun, double counted) {
    }
}
