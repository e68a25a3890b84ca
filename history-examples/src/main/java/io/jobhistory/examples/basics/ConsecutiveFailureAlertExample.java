package io.jobhistory.examples.basics;

import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.FailureHandling;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.recorder.JobExecutionRecorder;

/**
 * A listener that turns two consecutive failures of a job into a warning: the job below fails twice, and the
 * second failure logs {@code Job 'Nightly export' (nightly-export) has failed 2 times in a row; ...}.
 */
public final class ConsecutiveFailureAlertExample {

    private ConsecutiveFailureAlertExample() {
    }

    /** Runs the example. */
    public static void main(String[] args) {
        InMemoryExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        try (JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry)
                .listener(new ConsecutiveFailureAlert(2))
                .failureHandling(FailureHandling.SUPPRESS) // record the failure, do not rethrow
                .build()) {
            Runnable export = recorder.wrap(JobIdentity.of("nightly-export", "Nightly export"), () -> {
                throw new IllegalStateException("Export target s3://reports is unreachable");
            });
            export.run(); // failed once: no warning
            export.run(); // failed twice in a row: a warning
        }
        Examples.printHistory(registry, "nightly-export");
    }
}
