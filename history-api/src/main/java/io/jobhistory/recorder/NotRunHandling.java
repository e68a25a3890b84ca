package io.jobhistory.recorder;

/**
 * What the recorder keeps of a run that said it {@linkplain RunContext#notRun did not happen}, such as a tick whose
 * lock another instance held. Either way the run is counted ({@link JobExecutionRecorder#notRunCount}) and the
 * listeners hear of it ({@link RunListener#onNotRun}).
 */
public enum NotRunHandling {

    /** Keep nothing: the run's running record is withdrawn or deleted. The default. */
    FORGET,

    /**
     * Keep a {@code skipped} record with the reason, due when the run started, coalesced with the job's other
     * consecutive skips; these records take room under the run cap like every skip.
     */
    RECORD_SKIPPED
}
