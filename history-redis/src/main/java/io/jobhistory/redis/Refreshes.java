package io.jobhistory.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each job's index TTL and job-id entry were last renewed by this registry. Renewing them on every save would
 * cost two more Redis commands per save, so they are renewed once per {@linkplain #slackMillis slack} (1% of the
 * time to live) and set that much longer than a record's TTL, which keeps an index alive at least as long as its
 * newest record. A new index is renewed by the save that creates it, whatever this says.
 */
final class Refreshes {

    /** Jobs remembered at most; past that the memory starts over (every job is then renewed once more). */
    private static final int MAX_JOBS = 10_000;

    private final long slackMillis;
    private final long ttlMillis;
    private final Map<String, Long> renewedUntil = new ConcurrentHashMap<>();

    Refreshes(long ttlMillis) {
        this.ttlMillis = ttlMillis;
        this.slackMillis = Math.max(1, ttlMillis / 100);
    }

    /** The TTL an index and a job-id entry get when renewed: the records' TTL plus the slack. */
    long indexTtlMillis() {
        return ttlMillis + slackMillis;
    }

    /** Whether the save of a run of {@code jobId} at {@code now} should renew them. */
    boolean due(String jobId, long now) {
        Long until = renewedUntil.get(jobId);
        return until == null || now >= until;
    }

    /** Notes that they were renewed at {@code now}. */
    void renewed(String jobId, long now) {
        if (renewedUntil.size() >= MAX_JOBS) {
            renewedUntil.clear();
        }
        renewedUntil.put(jobId, now + slackMillis);
    }

    /** Forgets the job, whose history was deleted. */
    void forget(String jobId) {
        renewedUntil.remove(jobId);
    }
}
