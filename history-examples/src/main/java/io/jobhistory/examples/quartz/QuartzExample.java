package io.jobhistory.examples.quartz;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.quartz.QuartzHistory;
import io.jobhistory.recorder.RunContext;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;

/**
 * A Quartz scheduler whose every job is recorded: a job that reports items three times, and a nightly job whose
 * fire times all passed while the scheduler was down, so its misfire is recorded as one skipped record. Run with
 * {@code mvn -q -pl history-examples -am compile exec:java -Dexec.mainClass=io.jobhistory.examples.quartz.QuartzExample}.
 */
public final class QuartzExample {

    private QuartzExample() {
    }

    /** Fetches three stock prices, one of which fails, reporting each through the recorded run's context. */
    public static class FetchPricesJob implements Job {
        @Override
        public void execute(JobExecutionContext quartzContext) {
            RunContext run = RunContext.current().orElseThrow();
            List<String> symbols = List.of("AAPL", "MSFT", "GOOGL");
            run.totalItems(symbols.size());
            for (String symbol : symbols) {
                if (symbol.equals("GOOGL")) {
                    run.failed(symbol, "Failed to fetch GOOGL: Connection timeout after 30s");
                } else {
                    run.succeeded(symbol);
                }
            }
        }
    }

    /** Runs the example. */
    public static void main(String[] args) throws SchedulerException, InterruptedException {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", "quartz-example");
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.setProperty("org.quartz.threadPool.threadCount", "2");
        Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
        try (JobExecutionRecorder recorder = JobExecutionRecorder.create(registry)) {
            QuartzHistory.register(scheduler, recorder);   // the one line

            JobKey prices = JobKey.jobKey("daily-prices", "stocks");
            scheduler.scheduleJob(JobBuilder.newJob(FetchPricesJob.class).withIdentity(prices)
                            .withDescription("Daily prices").build(),
                    TriggerBuilder.newTrigger().withIdentity("every-second", "stocks").startNow()
                            .withSchedule(SimpleScheduleBuilder.repeatSecondlyForTotalCount(3)).build());

            // Its three fire times lie in the past: Quartz reports one misfire, recorded as one skipped record.
            JobKey report = JobKey.jobKey("year-end-report", "reports");
            scheduler.scheduleJob(JobBuilder.newJob(FetchPricesJob.class).withIdentity(report).build(),
                    TriggerBuilder.newTrigger().withIdentity("year-end", "reports").startAt(Date.from(Instant.parse("2020-12-28T00:00:00Z")))
                            .withSchedule(CronScheduleBuilder.cronSchedule("0 0 12 29-31 12 ? 2020")
                                    .inTimeZone(TimeZone.getTimeZone("UTC"))
                                    .withMisfireHandlingInstructionDoNothing()).build());

            scheduler.start();
            String pricesId = QuartzHistory.jobId(prices);
            for (int i = 0; i < 100 && finished(registry, pricesId) < 3; i++) {
                Thread.sleep(100);
            }
            scheduler.shutdown(true);
            print(registry, pricesId);
            print(registry, QuartzHistory.jobId(report));
        }
    }

    private static long finished(ExecutionHistoryRegistry registry, String jobId) {
        return registry.findHistory(jobId).stream().filter(ExecutionRecord::isFinished).count();
    }

    private static void print(ExecutionHistoryRegistry registry, String jobId) {
        System.out.println("History of " + jobId + ":");
        for (ExecutionRecord run : registry.findHistory(jobId)) {
            System.out.println("  " + ExecutionRecordJson.toJson(run));
        }
    }
}
