package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What write-behind logs, once per episode rather than once per attempt: an outage (the first failed attempt at WARN,
 * the store being back at INFO, attempts in between at DEBUG), a run of refusals, and a drop episode (its first drop
 * and its count at WARN). Under the recorder's logger, as the rest of the recorder.
 *
 * <p>Threading: the outage and refusal episodes are the writer thread's alone ({@link #failedTransiently},
 * {@link #stored}, {@link #refused}); the other methods keep no state and may be called from any thread. Never called
 * under the queue's lock: a log call may block on its appender.
 */
final class WriteBehindLog {

    static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    /** How many execution ids a log line lists at most. */
    static final int IDS_LOGGED = 10;

    // the writer thread's
    private long failedAttemptsInOutage;
    private Instant outageStart;
    private long rejectedInEpisode;

    /** A write failed transiently: the first of an outage at WARN with what was held, later ones at DEBUG. */
    void failedTransiently(List<ExecutionRecord> batch, Throwable failure, int held) {
        if (failedAttemptsInOutage++ == 0) {
            outageStart = Instant.now();
            log.warn("Could not store {} records ({}), retrying with backoff until the store is back; {} held: {}",
                    batch.size(), describe(batch), held, failure.toString());
        } else {
            log.debug("Store still failing ({} attempts): {}", failedAttemptsInOutage, failure.toString());
        }
    }

    /** A write succeeded: ends an outage and a run of refusals, if one was going on. */
    void stored(int count, int queued) {
        if (failedAttemptsInOutage > 0) {
            log.info("Store is back: write-behind stored {} records after {} failed attempts since {}; {} queued",
                    count, failedAttemptsInOutage, outageStart, queued);
            failedAttemptsInOutage = 0;
            outageStart = null;
        }
        if (rejectedInEpisode > 0) {
            log.info("The store accepts records again after refusing {}", rejectedInEpisode);
            rejectedInEpisode = 0;
        }
    }

    /** The store refused a record for good: the first of a run at WARN, later ones at DEBUG. */
    void refused(ExecutionRecord record, Throwable failure) {
        if (rejectedInEpisode++ == 0) {
            log.warn("The store refused execution {} of job '{}' ({}); not retried, the records behind it go on: {}",
                    record.executionId(), record.jobId(), record.status(), failure.toString());
        } else {
            log.debug("The store refused execution {} of job '{}' ({}): {}", record.executionId(), record.jobId(),
                    record.status(), failure.toString());
        }
        log.debug("Refusal of execution {}", record.executionId(), failure);
    }

    /** The first drop of an episode. */
    static void queueFull(int capacity, String lastFailure) {
        log.warn("Write-behind queue is full ({} records): dropping records, running snapshots first, then "
                + "the oldest, until the store takes them again (last store failure: {}); the count follows",
                capacity, lastFailure);
    }

    /** The end of a drop episode, with how many it dropped (none: nothing logged). */
    static void dropsEnded(long dropped, int capacity) {
        if (dropped > 0) {
            log.warn("Write-behind dropped {} records while its queue was full (capacity {})", dropped, capacity);
        }
    }

    static void closedWithUnstored(Duration closeTimeout, List<ExecutionRecord> unstored, String lastFailure) {
        log.warn("Write-behind closed after {} with {} records not stored (last store failure: {}): {}",
                closeTimeout, unstored.size(), lastFailure, describe(unstored));
    }

    static void couldNotBuild(String executionId, Throwable e) {
        log.warn("Could not build the running record of execution {}; its finished record is still stored",
                executionId, e);
    }

    static void couldNotScheduleHeartbeats(String executionId, Throwable e) {
        log.warn("Could not schedule heartbeats for execution {}", executionId, e);
    }

    static void writerStopped(Throwable e) {
        log.error("Write-behind writer stopped; records queued from now on are saved on the job's thread", e);
    }

    /** The first {@value #IDS_LOGGED} records as "id (job, status)", and how many more. */
    static String describe(List<ExecutionRecord> records) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < records.size() && i < IDS_LOGGED; i++) {
            ExecutionRecord r = records.get(i);
            text.append(i == 0 ? "" : ", ").append(r.executionId()).append(" (").append(r.jobId()).append(", ")
                    .append(r.status()).append(')');
        }
        if (records.size() > IDS_LOGGED) {
            text.append(" and ").append(records.size() - IDS_LOGGED).append(" more");
        }
        return text.toString();
    }
}
