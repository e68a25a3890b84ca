package io.jobhistory.spring.boot.e2e;

import io.jobhistory.recorder.RunContext;
import io.jobhistory.spring.boot.NotRecorded;
import io.jobhistory.spring.boot.RecordedJob;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Scheduled methods of every kind. */
@Component
public class StockJobs {

    public final AtomicInteger failures = new AtomicInteger();
    public final AtomicInteger optedOutRuns = new AtomicInteger();
    public final AtomicInteger onceRuns = new AtomicInteger();
    public volatile String otherThread;

    @Scheduled(fixedRate = 50)
    void fixedRate() {
    }

    @Scheduled(fixedDelay = 50, initialDelay = 20)
    void fixedDelay() {
    }

    @Scheduled(cron = "* * * * * *")
    void cron() {
    }

    @Scheduled(fixedRate = 50)
    void failing() {
        throw new IllegalStateException("boom " + failures.incrementAndGet());
    }

    @Scheduled(fixedDelay = 50)
    @RecordedJob(id = "daily-aapl", name = "Daily AAPL")
    void annotated() {
    }

    @Scheduled(fixedDelay = 50)
    @RecordedJob(id = "tech-stocks", name = "Tech stocks")
    void items() {
        RunContext context = RunContext.current().orElseThrow();
        context.totalItems(2);
        context.succeeded("AAPL");
        context.failed("GOOGL", "Failed to fetch GOOGL: Connection timeout after 30s");
    }

    @Scheduled(fixedDelay = 50)
    void checked() throws IOException {
        throw new IOException("disk full");
    }

    @Scheduled(fixedRate = 50)
    @NotRecorded
    void optedOut() {
        optedOutRuns.incrementAndGet();
    }

    @Scheduled(initialDelay = 0, fixedDelay = 1, timeUnit = TimeUnit.DAYS)
    void once() {
        onceRuns.incrementAndGet();
    }

    @Scheduled(cron = "0 0 3 1 1 *")
    @RecordedJob(id = "yearly-report", name = "Yearly report")
    void yearly() {
    }

    @Scheduled(fixedDelay = 50, scheduler = "otherScheduler")
    void elsewhere() {
        otherThread = Thread.currentThread().getName();
    }
}
