package io.jobhistory.redis;

/**
 * One run found through a job's index.
 *
 * @param member the execution id, as stored in the index
 * @param value  the stored JSON, or null if the record key holds another type
 */
record IndexEntry(String member, String value) {
}
