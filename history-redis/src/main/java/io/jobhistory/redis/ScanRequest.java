package io.jobhistory.redis;

/**
 * Which part of a job's index to read, newest first.
 *
 * @param jobId       the job
 * @param max         highest score, Redis syntax ({@code +inf}, {@code 123}, {@code (123})
 * @param min         lowest score, Redis syntax
 * @param afterScore  with {@code afterMember}, the position to continue strictly after; null to start at {@code max}
 * @param afterMember the execution id at that position
 * @param count       how many candidates to return at most; 0 for all
 * @param status      the stored status a candidate must have; empty for any
 */
record ScanRequest(String jobId, String max, String min, Long afterScore, String afterMember, int count, String status) {

    /** The same request, continuing after {@code entry} and wanting {@code count} more. */
    ScanRequest after(IndexEntry entry, int count) {
        return new ScanRequest(jobId, Long.toString(entry.score()), min, entry.score(), entry.member(), count, status);
    }

    /** Whether an entry at this position was already passed by the cursor. */
    boolean passed(long score, String member) {
        return afterScore != null && score == afterScore && Ids.compareCodePoints(member, afterMember) >= 0;
    }
}
