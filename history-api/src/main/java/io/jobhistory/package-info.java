/**
 * For applications: the model of recorded runs ({@link io.jobhistory.ExecutionRecord}, its
 * {@link io.jobhistory.ExecutionStatus}), where history is kept and read ({@link io.jobhistory.ExecutionHistoryRegistry},
 * {@link io.jobhistory.HistoryQuery}, {@link io.jobhistory.JobSummary}) and how a store says it failed
 * ({@link io.jobhistory.StoreException}). To record runs, see {@link io.jobhistory.recorder}.
 *
 * <p>This package depends on nothing else of the library: backends build on it through
 * {@link io.jobhistory.spi}, never the other way round. The words used in names are fixed in the
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/design.md#glossary">glossary</a>; reading history is described in
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/recording.md#reading-history">docs/recording.md</a>.
 */
package io.jobhistory;
