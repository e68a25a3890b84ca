/**
 * Small examples, one {@code main} each: {@link io.jobhistory.examples.basics.WrapRunnableExample wrapping a
 * Runnable}, {@link io.jobhistory.examples.basics.ItemReportingExample reporting items}, and
 * {@link io.jobhistory.examples.basics.ConsecutiveFailureAlert a listener} that warns when a job fails twice in a row.
 */
package io.jobhistory.examples.basics;
