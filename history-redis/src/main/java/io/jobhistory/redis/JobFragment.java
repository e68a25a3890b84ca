package io.jobhistory.redis;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.json.ExecutionRecordJson;
import java.time.Instant;

/**
 * The exact text {@code ,"job_id":"<escaped id>","job_name":} that the codec writes for a job. The scripts compare it,
 * at the first {@code ,"job_id":} of a stored value, to tell whether a record still belongs to the job whose index
 * points at it (a record re-saved under another job keeps its execution id). The codec writes {@code execution_id},
 * {@code job_id} and {@code job_name} first and escapes every quote inside strings, so that first occurrence is the
 * field itself.
 */
final class JobFragment {

    private static final String START = ",\"job_id\":";
    private static final String END = ",\"job_name\":";

    private JobFragment() {
    }

    /** The fragment for {@code jobId}, written by the codec itself so the escaping is identical. */
    static String of(String jobId) {
        return extract(ExecutionRecordJson.toJson(ExecutionRecord.builder("x", jobId, "x", Instant.EPOCH).build()));
    }

    /** The fragment as it appears in {@code json}, the codec's output for a record. */
    static String extract(String json) {
        int start = json.indexOf(START);
        int end = start < 0 ? -1 : json.indexOf(END, start + START.length());
        if (end < 0) {
            throw new IllegalStateException("The JSON codec no longer writes job_id before job_name: " + json);
        }
        return json.substring(start, end + END.length());
    }
}
