package io.jobhistory.examples.basics;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.recorder.RunListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Warns when a job fails {@code threshold} times in a row (once per streak; a run that is not {@code failed} ends
 * the streak). Register it with {@code JobExecutionRecorder.builder(registry).listener(new ConsecutiveFailureAlert(2))}.
 */
public final class ConsecutiveFailureAlert implements RunListener {

    private static final Logger log = LoggerFactory.getLogger(ConsecutiveFailureAlert.class);

    private final int threshold;
    private final Consumer<String> alert;
    private final Map<String, Integer> streaks = new ConcurrentHashMap<>();

    /** Logs a warning after {@code threshold} consecutive failures. */
    public ConsecutiveFailureAlert(int threshold) {
        this(threshold, log::warn);
    }

    /** Hands the alert message to {@code alert} (a pager, a chat hook, a test's list) instead of the log. */
    public ConsecutiveFailureAlert(int threshold, Consumer<String> alert) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, but was " + threshold);
        }
        this.threshold = threshold;
        this.alert = alert;
    }

    @Override
    public void onFinish(ExecutionRecord run) {
        if (run.status() != ExecutionStatus.FAILED) {
            streaks.remove(run.jobId());
            return;
        }
        int streak = streaks.merge(run.jobId(), 1, Integer::sum);
        if (streak == threshold) {
            String lastError = run.errors().isEmpty() ? "no error message" : run.errors().get(run.errors().size() - 1);
            alert.accept("Job '" + run.jobName() + "' (" + run.jobId() + ") has failed " + streak
                    + " times in a row; last error: " + lastError);
        }
    }
}
