/**
 * For applications and scheduler integrations: {@link io.jobhistory.recorder.JobExecutionRecorder} records each run
 * of a job into a registry (wrapping a {@code Runnable}, running code now, or starting and finishing a run as two
 * events); a running job reports its items through its {@link io.jobhistory.recorder.RunContext}. Write-behind, the
 * recorder's optional queue that takes saves off the job's thread, lives here too; only
 * {@link io.jobhistory.recorder.WriteBehind} (its settings) and {@link io.jobhistory.recorder.WriteBehindStats} are
 * public. How recording works: <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/recording.md">docs/recording.md</a>.
 */
package io.jobhistory.recorder;
