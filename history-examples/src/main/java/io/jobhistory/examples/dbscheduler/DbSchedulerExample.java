package io.jobhistory.examples.dbscheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.dbscheduler.DbSchedulerHistory;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.recorder.RunContext;
import io.jobhistory.recorder.JobExecutionRecorder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * db-scheduler on an in-memory H2 database, recording every execution: a recurring task that reports items through
 * {@link RunContext#current()}, and a one-time task with one instance that succeeds and one that fails. Prints
 * both jobs' history once three recurring runs and both one-time instances are recorded.
 */
public final class DbSchedulerExample {

    /** db-scheduler's table (its H2/HSQLDB schema); in production, create it with your migrations. */
    static final String SCHEMA = """
            create table scheduled_tasks (
                task_name varchar(100), task_instance varchar(100), task_data blob,
                execution_time timestamp with time zone, picked bit, picked_by varchar(50),
                last_success timestamp with time zone, last_failure timestamp with time zone,
                consecutive_failures int, last_heartbeat timestamp with time zone, version bigint,
                priority smallint, primary key (task_name, task_instance))""";

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private DbSchedulerExample() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws InterruptedException {
        ExecutionHistoryRegistry registry = record();
        for (String jobId : List.of("fetch-prices", "send-invoice")) {
            System.out.println("History of " + jobId + ":");
            for (ExecutionRecord run : registry.findHistory(jobId)) {
                System.out.println("  " + ExecutionRecordJson.toJson(run));
            }
        }
    }

    /** Runs the scheduler until the runs described above are recorded, and returns what was recorded. */
    static ExecutionHistoryRegistry record() throws InterruptedException {
        DataSource dataSource = h2InMemory();
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        try (JobExecutionRecorder recorder = JobExecutionRecorder.create(registry)) {
            RecurringTask<Void> fetchPrices = Tasks.recurring("fetch-prices", FixedDelay.ofMillis(500))
                    .execute((instance, context) -> RunContext.current().ifPresent(run -> {
                        for (String symbol : List.of("AAPL", "MSFT", "GOOGL")) {
                            if (symbol.equals("GOOGL")) {
                                run.failed(symbol, "Failed to fetch GOOGL: Connection timeout after 30s");
                            } else {
                                run.succeeded(symbol);
                            }
                        }
                    }));
            OneTimeTask<Void> sendInvoice = Tasks.oneTime("send-invoice").execute((instance, context) -> {
                if (instance.getId().equals("order-43")) {
                    throw new IllegalStateException("Mail server refused the invoice for " + instance.getId());
                }
            });

            // The one line that records every execution: the listener and interceptor go onto the builder.
            Scheduler scheduler = DbSchedulerHistory.of(recorder)
                    .registerOn(Scheduler.create(dataSource, sendInvoice).startTasks(fetchPrices))
                    .pollingInterval(Duration.ofMillis(200))
                    .enableImmediateExecution()
                    .build();
            scheduler.start();
            try {
                scheduler.schedule(sendInvoice.instance("order-42"), Instant.now());
                scheduler.schedule(sendInvoice.instance("order-43"), Instant.now());
                waitUntil(() -> finished(registry, "fetch-prices") >= 3 && finished(registry, "send-invoice") >= 2);
            } finally {
                scheduler.stop();
            }
        }
        return registry;
    }

    private static long finished(ExecutionHistoryRegistry registry, String jobId) {
        return registry.findHistory(jobId).stream().filter(ExecutionRecord::isFinished).count();
    }

    private static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("The example's runs were not all recorded within " + AT_MOST);
            }
            Thread.sleep(50);
        }
    }

    private static DataSource h2InMemory() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:db-scheduler-example-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create db-scheduler's table in H2", e);
        }
        return h2;
    }
}
