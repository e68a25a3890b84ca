package io.jobhistory.examples.basics;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.json.ExecutionRecordJson;

/** Setup shared by the small examples: printing what a job recorded. */
final class Examples {

    private Examples() {
    }

    /** Prints the job's history, newest first, one JSON record per line. */
    static void printHistory(ExecutionHistoryRegistry registry, String jobId) {
        System.out.println("History of " + jobId + ":");
        for (ExecutionRecord run : registry.findHistory(jobId)) {
            System.out.println("  " + ExecutionRecordJson.toJson(run));
        }
    }
}
