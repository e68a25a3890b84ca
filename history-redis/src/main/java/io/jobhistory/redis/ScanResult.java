package io.jobhistory.redis;

import java.util.List;

/**
 * Candidates read from a job's index, newest first.
 *
 * @param entries      the candidates
 * @param more         whether the read stopped at its count with entries left
 * @param resumeScore  with {@code resumeMember}, where a next read continues (the last entry's position); null when
 *                     there is no next read
 * @param resumeMember the execution id at that position
 */
record ScanResult(List<IndexEntry> entries, boolean more, Long resumeScore, String resumeMember) {

    static final ScanResult EMPTY = new ScanResult(List.of(), false, null, null);
}
