package io.jobhistory.spring.boot3;

import com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.dbscheduler.DbSchedulerHistory;
import io.jobhistory.fixtures.DbSchedulerSchema;
import io.jobhistory.spring.boot.JobHistoryAutoConfiguration;
import io.jobhistory.spring.boot.JobHistoryDbSchedulerAutoConfiguration;
import io.jobhistory.recorder.RunContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import javax.sql.DataSource;
import java.util.UUID;


import static io.jobhistory.fixtures.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** With db-scheduler's own Spring Boot starter (published for Boot 3), its executions are recorded with no code. */
class DbSchedulerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobHistoryAutoConfiguration.class,
                    JobHistoryDbSchedulerAutoConfiguration.class, DbSchedulerAutoConfiguration.class))
            .withPropertyValues("db-scheduler.polling-interval=100ms")
            .withBean(DataSource.class, () -> new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
                    .setName("dbsched-" + UUID.randomUUID()).addScript(DbSchedulerSchema.H2_SCRIPT).build())
            .withBean(RecurringTask.class, () -> Tasks.recurring("nightly-export", FixedDelay.ofMillis(100))
                    .execute((instance, context) -> {
                        RunContext run = RunContext.current().orElseThrow();
                        run.succeeded("orders");
                        run.failed("invoices", "Failed to export invoices: disk full");
                    }));

    @Test
    void executionsOfDbSchedulersStarterAreRecordedWithTheirItems() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DbSchedulerHistory.class);
            ExecutionHistoryRegistry registry = context.getBean(ExecutionHistoryRegistry.class);
            until("a finished db-scheduler run", () -> registry.findHistory("nightly-export").stream()
                    .anyMatch(ExecutionRecord::isFinished));
            ExecutionRecord run = registry.findHistory("nightly-export").stream().filter(ExecutionRecord::isFinished)
                    .findFirst().orElseThrow();
            assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
            assertThat(run.succeededItems()).containsExactly("orders");
            assertThat(run.failedItems()).containsExactly("invoices");
            assertThat(run.attributes()).containsKey(DbSchedulerHistory.INSTANCE_ID);
        });
    }

    @Test
    void offWhenDisabled() {
        runner.withPropertyValues("jobhistory.db-scheduler.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DbSchedulerHistory.class));
    }
}
