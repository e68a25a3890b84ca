/**
 * Quartz integration: {@link io.jobhistory.quartz.QuartzHistory#register QuartzHistory.register(scheduler, recorder)}
 * records every run of every job of a Quartz scheduler, and the runs that did not happen (vetoes, misfires).
 */
package io.jobhistory.quartz;
