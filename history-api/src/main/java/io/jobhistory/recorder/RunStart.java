package io.jobhistory.recorder;

import io.jobhistory.internal.Ids;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link JobExecutionRecorder#start(RunStart)} starts a run, for integrations that see a run's start and end as
 * two events: the job, and optionally an execution id and start time of the caller's choosing (such as ids derived
 * from a scheduler's own execution, so that another process can update the same record) and extra attributes.
 * Immutable: each method returns a changed copy.
 *
 * <pre>{@code
 * RecordedRun run = recorder.start(RunStart.of(JobIdentity.of("nightly-report"))
 *         .executionId(derivedId)
 *         .attribute("trigger", "cron"));
 * }</pre>
 */
public final class RunStart {

    private final JobIdentity job;
    private final String executionId;
    private final Instant startTime;
    private final Map<String, String> attributes;

    private RunStart(JobIdentity job, String executionId, Instant startTime, Map<String, String> attributes) {
        this.job = job;
        this.executionId = executionId;
        this.startTime = startTime;
        this.attributes = attributes;
    }

    /** A run of {@code job} with a generated execution id, starting now. */
    public static RunStart of(JobIdentity job) {
        return new RunStart(Objects.requireNonNull(job, "job must not be null"), null, null, Map.of());
    }

    /**
     * The run's execution id instead of a generated one; it must be unique across runs of every job.
     *
     * @throws IllegalArgumentException if blank or not valid Unicode
     */
    public RunStart executionId(String executionId) {
        return new RunStart(job, Ids.requireValid(executionId, "executionId"), startTime, attributes);
    }

    /** The run's start time instead of the recorder's clock. */
    public RunStart startTime(Instant startTime) {
        return new RunStart(job, executionId, Objects.requireNonNull(startTime, "startTime must not be null"),
                attributes);
    }

    /** Adds an attribute to the run's record, after the recorder's own. */
    public RunStart attribute(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attribute name must not be blank or null, but was '" + name + "'");
        }
        Objects.requireNonNull(value, "value of attribute '" + name + "' must not be null");
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        copy.put(name, value);
        return new RunStart(job, executionId, startTime, Collections.unmodifiableMap(copy));
    }

    /** The job. */
    public JobIdentity job() {
        return job;
    }

    /** The chosen execution id; empty for a generated one. */
    public Optional<String> executionId() {
        return Optional.ofNullable(executionId);
    }

    /** The chosen start time; empty for the recorder's clock. */
    public Optional<Instant> startTime() {
        return Optional.ofNullable(startTime);
    }

    /** The extra attributes, in the order added. */
    public Map<String, String> attributes() {
        return attributes;
    }
}
