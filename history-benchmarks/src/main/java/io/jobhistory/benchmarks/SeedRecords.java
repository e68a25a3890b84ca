package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;

import java.time.Instant;
import java.util.List;

/** The records the benchmarks store and read: shaped like the seed's example run. */
final class SeedRecords {

    private SeedRecords() {
    }

    /** The seed's example response as a record, with the given ids and start time. */
    static ExecutionRecord seed(String executionId, String jobId, Instant start, ExecutionStatus status) {
        ExecutionRecord.Builder b = ExecutionRecord.builder(executionId, jobId, "Daily AAPL", start);
        if (status == ExecutionStatus.RUNNING) {
            return b.build();
        }
        return b.finished(status, start.plusMillis(330_500))
                .succeededItems(status == ExecutionStatus.FAILED ? List.of() : List.of("AAPL", "MSFT"))
                .failedItems(status == ExecutionStatus.SUCCESS ? List.of() : List.of("GOOGL"))
                .errors(status == ExecutionStatus.SUCCESS ? List.of()
                        : List.of("Failed to fetch GOOGL: Connection timeout after 30s"))
                .totalItems(3)
                .build();
    }

    /** The seed's example, exactly. */
    static ExecutionRecord seedExample() {
        return seed("abc-123", "job-456", Instant.parse("2025-10-29T10:00:00Z"), ExecutionStatus.PARTIAL_SUCCESS);
    }

    /** Success, partial success and failed in turn, so a third of any window is failed. */
    static ExecutionStatus statusOf(int i) {
        return switch (i % 3) {
            case 0 -> ExecutionStatus.SUCCESS;
            case 1 -> ExecutionStatus.PARTIAL_SUCCESS;
            default -> ExecutionStatus.FAILED;
        };
    }
}
