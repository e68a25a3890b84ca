/**
 * For backend authors: what a storage backend implements ({@link io.jobhistory.spi.AbstractExecutionHistoryRegistry})
 * and the rules it reuses so that every backend agrees ({@link io.jobhistory.spi.RecordRules},
 * {@link io.jobhistory.spi.HistoryRules}, {@link io.jobhistory.spi.HistoryCursor},
 * {@link io.jobhistory.spi.Retention}). Applications need nothing from here. The contract suite in
 * {@code history-test-support} checks a backend against these rules;
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/writing-a-backend.md">docs/writing-a-backend.md</a> walks through one.
 */
package io.jobhistory.spi;
