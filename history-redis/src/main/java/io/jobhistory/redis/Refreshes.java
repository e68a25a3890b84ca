package io.jobhistory.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each job's index TTL and job-id entry were last renewed by this registry. Renewing them on every save would
 * cost two more Redis commands per save, so they are renewed once per slack (1% of the time to live) and set two
 * slacks longer than a record's TTL: an index then outlives its newest record, with a slack to spare for latency. A
 * new index is renewed by the save that creates it, whatever this says. Intervals are measured with
 * {@link System#nanoTime()}, not the registry's clock, which tests freeze and which may step.
 */
final class Refreshes {

    /** Jobs remembered at most; past that the memory starts over (every job is then renewed once more). */
    private static final int MAX_JOBS = 10_000;

    private final long slackNanos;
    private final long slackMillis;
    private final long ttlMillis;
    private final Map<String, Long> renewedUntil = new ConcurrentHashMap<>();

    Refreshes(long ttlMillis) {
        this.ttlMillis = ttlMillis;
        this.slackMillis = Math.max(1, ttlMillis / 100);
        this.slackNanos = slackMillis * 1_000_000;
    }

    /** The TTL an index and a job-id entry get when renewed: the records' TTL plus two slacks. */
    long indexTtlMillis() {
        return ttlMillis + 2 * slackMillis;
    }

    /** Whether a save of a run of {@code jobId} at {@code nanoTime} ({@link System#nanoTime()}) should renew them. */
    boolean due(String jobId, long nanoTime) {
        Long until = renewedUntil.get(jobId);
        return until == null || nanoTime - until >= 0;
    }

    /** Notes that they were renewed by a save that started at {@code nanoTime}. */
    void renewed(String jobId, long nanoTime) {
        if (renewedUntil.size() >= MAX_JOBS) {
            renewedUntil.clear();
        }
        renewedUntil.put(jobId, nanoTime + slackNanos);
    }

    /** Forgets the job, whose history was deleted. */
    void forget(String jobId) {
        renewedUntil.remove(jobId);
    }
}
