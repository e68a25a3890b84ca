package io.jobhistory.redis;

import java.util.List;

/**
 * Candidates read from a job's index, newest first.
 *
 * @param entries the candidates
 * @param more    whether the read stopped at its count with entries left
 */
record ScanResult(List<IndexEntry> entries, boolean more) {

    static final ScanResult EMPTY = new ScanResult(List.of(), false);
}
