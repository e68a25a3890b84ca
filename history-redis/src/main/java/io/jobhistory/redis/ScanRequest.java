package io.jobhistory.redis;

import io.jobhistory.internal.Ids;

/**
 * Which part of a job's index to read, newest first: scores in {@code [min, max]} (Redis syntax), and when
 * {@code afterScore} is set also the entries at exactly {@code afterScore} whose member sorts before
 * {@code afterMember} (a cursor that fell between runs started in the same millisecond); {@code max} is then
 * {@code (afterScore}.
 *
 * @param jobId       the job
 * @param max         highest score, Redis syntax ({@code +inf}, {@code 123}, {@code (123})
 * @param min         lowest score, Redis syntax
 * @param afterScore  the score of the position to continue strictly after; null for none
 * @param afterMember the execution id at that position
 * @param count       how many candidates to return at most; 0 for all
 * @param status      the stored status a candidate must have; empty for any
 */
record ScanRequest(String jobId, String max, String min, Long afterScore, String afterMember, int count, String status) {

    /** The same request, continuing strictly after ({@code score}, {@code member}) and wanting {@code count} more. */
    ScanRequest after(long score, String member, int count) {
        return new ScanRequest(jobId, "(" + score, min, score, member, count, status);
    }

    /** The upper bound that includes the entries tied with the cursor, for reads that filter ties themselves. */
    String maxWithTies() {
        return afterScore == null ? max : Long.toString(afterScore);
    }

    /** Whether an entry at this position was already passed by the cursor. */
    boolean passed(long score, String member) {
        return afterScore != null && score == afterScore && Ids.compareCodePoints(member, afterMember) >= 0;
    }
}
