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
 * {@code success}); counter {@value #NOT_RUN}, tagged with {@code job}, counts runs that said they did not happen
 * (such as a tick whose lock another instance held). Execution ids are never tags.
 */
final class JobHistoryMeters implements RunListener {

    static final String RUNS = "jobhistory.runs";
    static final String DURATION = "jobhistory.run.duration";
    static final String NOT_RUN = "jobhistory.runs.not.run";

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

    @Override
    public void onNotRun(ExecutionRecord run, String reason) {
        Counter.builder(NOT_RUN).description("Runs of scheduled jobs that did not happen, such as a lock held elsewhere")
                .tag("job", run.jobId())
                .register(registry).increment();
    }
}
