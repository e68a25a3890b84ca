package io.jobhistory.examples.stock;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.recorder.RunListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Logs one line per finished run, such as
 * {@code Daily AAPL  partial_success  0.31s  2/3 fetched  Failed to fetch GOOGL: Connection timeout after 30s}.
 */
public final class RunLogger implements RunListener {

    private static final Logger log = LoggerFactory.getLogger(RunLogger.class);

    @Override
    public void onFinish(ExecutionRecord run) {
        if (log.isInfoEnabled()) {
            log.info(line(run));
        }
    }

    /** The line logged for {@code run}. */
    static String line(ExecutionRecord run) {
        double seconds = run.duration().orElse(Duration.ZERO).toMillis() / 1000.0;
        String line = String.format("%-22s %-15s %5.2fs  %d/%d fetched", run.jobName(), run.status().wireName(),
                seconds, run.succeededItems().size(), run.totalItems());
        return run.errors().isEmpty() ? line : line + "  " + String.join("; ", run.errors());
    }
}
