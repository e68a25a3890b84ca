/**
 * {@link io.jobhistory.examples.dbscheduler.DbSchedulerExample}: a db-scheduler on an in-memory H2 database, every
 * execution of its recurring and one-time tasks recorded through {@code history-db-scheduler}.
 */
package io.jobhistory.examples.dbscheduler;
