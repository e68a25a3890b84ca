package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps consecutive skips of a job as one record: while no run of the job comes between them, a new skip updates
 * the open skipped record (same execution id, a higher count, the new last due time) instead of adding one, so a
 * storm of misfires cannot push real runs out of the job's retained history.
 *
 * <p>A run comes between when this recorder starts one (unless it turns out not to happen), or when the store's newest
 * record of the job, this recorder's runs that did not happen aside, is another record that began at or after the
 * open one: a run of another instance (a node of a cluster). That is read once per skip that would coalesce; two
 * instances skipping at the same moment may still merge into one record or split.
 */
final class SkipStreaks {

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);
    /** How many of the newest records a store check reads: enough to pass over this recorder's own not-runs. */
    private static final int NEWEST_READ = 3;
    /** How many of this recorder's latest runs that did not happen it remembers. */
    private static final int NOT_RUNS_REMEMBERED = 64;

    private final Map<String, ExecutionRecord> open = new ConcurrentHashMap<>();
    /** Streaks set aside by runs in flight, by job, until those runs end. */
    private final Map<String, Aside> aside = new ConcurrentHashMap<>();
    /** This recorder's latest runs that did not happen: their running records may still be in the store. */
    private final Map<String, Boolean> notRuns = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > NOT_RUNS_REMEMBERED;
        }
    });
    private final ExecutionHistoryRegistry registry;

    SkipStreaks(ExecutionHistoryRegistry registry) {
        this.registry = registry;
    }

    /** A streak a starting run set aside; broken once another run of the job begins or is recorded meanwhile. */
    static final class Aside {
        final ExecutionRecord streak;
        volatile boolean broken;

        Aside(ExecutionRecord streak) {
            this.streak = streak;
        }
    }

    /** A run of the job (not a skip) was recorded: it ends the job's streak, also one a run in flight set aside. */
    void broken(String jobId) {
        if (!open.isEmpty()) {
            open.remove(jobId);
        }
        breakAside(jobId);
    }

    /**
     * A run of the job begins: as {@link #broken}, keeping the streak it ended for {@link #resume}, in case the run
     * turns out not to happen. Null if there was none (the common case, at the cost of two emptiness checks).
     */
    Aside setAside(String jobId) {
        if (open.isEmpty() && aside.isEmpty()) {
            return null;
        }
        breakAside(jobId);
        ExecutionRecord streak = open.remove(jobId);
        if (streak == null) {
            return null;
        }
        Aside set = new Aside(streak);
        aside.put(jobId, set);
        return set;
    }

    /** The run that set {@code set} aside happened: the streak stays ended. */
    void ended(String jobId, Aside set) {
        if (set != null) {
            aside.remove(jobId, set);
        }
    }

    /**
     * The run {@code executionId}, which set {@code set} aside (null if nothing), did not happen: its streak opens
     * again, unless another run of the job began or was recorded meanwhile, or another streak opened.
     */
    void resume(String jobId, Aside set, String executionId) {
        notRuns.put(executionId, Boolean.TRUE);
        if (set != null && aside.remove(jobId, set) && !set.broken) {
            open.putIfAbsent(jobId, set.streak);
        }
    }

    /** The job's open streak, which its next skip would join; null if none. */
    ExecutionRecord openStreak(String jobId) {
        return open.isEmpty() ? null : open.get(jobId);
    }

    /**
     * Whether the store shows a record of the job, other than {@code streak} and this recorder's runs that did not
     * happen, that began at or after {@code streak}: a run of another instance came between. Reads the job's newest
     * records once, outside any lock; a record still queued by write-behind is older than the store's newest, so
     * the streak goes on. If the store is down or cannot be read, the streak goes on as this recorder knows it.
     */
    boolean overtaken(String jobId, ExecutionRecord streak, boolean storeDown) {
        if (storeDown) {
            return false;
        }
        List<ExecutionRecord> newest;
        try {
            newest = registry.findHistory(jobId, NEWEST_READ);
        } catch (RuntimeException e) {
            log.debug("Could not read the newest records of job '{}'; its skips coalesce as this recorder knows them",
                    jobId, e);
            return false;
        }
        for (ExecutionRecord record : newest) {
            if (record.executionId().equals(streak.executionId())) {
                return false;
            }
            if (!notRuns.containsKey(record.executionId())) {
                return !record.startTime().isBefore(streak.startTime());
            }
        }
        return false;
    }

    /** Ends the job's streak if it is still {@code streak}. */
    void end(String jobId, ExecutionRecord streak) {
        open.remove(jobId, streak);
    }

    private void breakAside(String jobId) {
        if (!aside.isEmpty()) {
            Aside set = aside.get(jobId);
            if (set != null) {
                set.broken = true;
            }
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
