package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.recorder.RunListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Counts and times every finished run in a Micrometer {@link MeterRegistry}: counter {@value #RUNS} and timer
 * {@value #DURATION}, both tagged with {@code job} (the job id) and {@code status} (the wire name, such as
 * {@code success}). Execution ids are never tags.
 */
final class JobHistoryMeters implements RunListener {

    static final String RUNS = "jobhistory.runs";
    static final String DURATION = "jobhistory.run.duration";

    private final MeterRegistry registry;

    JobHistoryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onFinish(ExecutionRecord finished) {
        String status = finished.status().wireName();
        Counter.builder(RUNS).description("Recorded runs of scheduled jobs, by job and status")
                .tag("job", finished.jobId()).tag("status", status)
                .register(registry).increment();
        Timer.builder(DURATION).description("Duration of recorded runs, by job and status")
                .tag("job", finished.jobId()).tag("status", status)
                .register(registry).record(finished.duration().orElse(Duration.ZERO));
    }
}
