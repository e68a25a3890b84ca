/**
 * Recording Quartz jobs: {@link io.jobhistory.examples.quartz.QuartzExample} registers the history listeners on a
 * Quartz scheduler in one line and prints what its jobs recorded, a misfire included.
 */
package io.jobhistory.examples.quartz;
