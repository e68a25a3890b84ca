package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps consecutive skips of a job as one record: while no run of the job comes between them, a new skip updates
 * the open skipped record (same execution id, a higher count, the new last due time) instead of adding one, so a
 * storm of misfires cannot push real runs out of the job's retained history.
 *
 * <p>A run comes between when this recorder starts one, or when the store's newest record of the job is another
 * record that began at or after the open one: a run of another instance (a node of a cluster). That is read once
 * per skip that would coalesce; two instances skipping at the same moment may still merge into one record or split.
 */
final class SkipStreaks {

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final Map<String, ExecutionRecord> open = new ConcurrentHashMap<>();
    private final ExecutionHistoryRegistry registry;

    SkipStreaks(ExecutionHistoryRegistry registry) {
        this.registry = registry;
    }

    /** A run of the job (not a skip) ends its streak. */
    void broken(String jobId) {
        if (!open.isEmpty()) {
            open.remove(jobId);
        }
    }

    /** As {@link #broken}, returning the streak ended, for {@link #resume} if the run turns out not to happen. */
    ExecutionRecord setAside(String jobId) {
        return open.isEmpty() ? null : open.remove(jobId);
    }

    /** Reopens a streak {@link #setAside} ended, unless another streak of the job opened since. */
    void resume(String jobId, ExecutionRecord streak) {
        if (streak != null) {
            open.putIfAbsent(jobId, streak);
        }
    }

    /**
     * Ends the job's open streak if the store's newest record of the job is another one that began at or after it.
     * A record still queued by write-behind is older than the store's newest, so the streak goes on; so does a newest
     * record that is {@code ownNotRun} (a run of this recorder that did not happen, its deletion still queued). If the
     * store cannot be read, the streak goes on as this recorder knows it.
     */
    void checkStore(String jobId, String ownNotRun) {
        ExecutionRecord streak = open.get(jobId);
        if (streak == null) {
            return;
        }
        Optional<ExecutionRecord> newest;
        try {
            newest = registry.findLatest(jobId);
        } catch (RuntimeException e) {
            log.debug("Could not read the newest record of job '{}'; its skips coalesce as this recorder knows them",
                    jobId, e);
            return;
        }
        if (newest.isPresent() && !newest.get().executionId().equals(streak.executionId())
                && !newest.get().executionId().equals(ownNotRun)
                && !newest.get().startTime().isBefore(streak.startTime())) {
            open.remove(jobId, streak);
        }
    }

    /**
     * The record of a skip: a new one, or the job's open skipped record with this skip added. The caller saves it
     * while holding this object's monitor, so saves of one streak reach the store in order.
     */
    ExecutionRecord add(JobIdentity job, Instant firstDue, Instant lastDue, int count, String reason,
                        String newExecutionId, Map<String, String> attributes, RecordLimits limits) {
        String message = limits.boundMessage(reason);
        // atomic per job against broken(): a run that starts meanwhile is never followed by a merge into the streak
        // it ended
        return open.compute(job.id(), (id, previous) -> {
            if (previous == null) {
                return ExecutionRecord.builder(newExecutionId, job.id(), job.name(), firstDue)
                        .skipped(lastDue, count)
                        .errors(List.of(message))
                        .attributes(attributes)
                        .build();
            }
            List<String> errors = previous.errors();
            if (!errors.contains(message) && errors.size() < limits.maxErrors()) {
                errors = new ArrayList<>(errors);
                errors.add(message);
            }
            Instant last = previous.lastDueTime().orElseThrow();
            return previous.toBuilder()
                    .skipped(lastDue.isAfter(last) ? lastDue : last, saturatedAdd(previous.skipCount(), count))
                    .errors(errors)
                    .build();
        });
    }

    private static int saturatedAdd(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }
}
