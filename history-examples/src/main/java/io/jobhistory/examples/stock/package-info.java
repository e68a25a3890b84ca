/**
 * The stock scheduler demo from the seed: {@link io.jobhistory.examples.stock.StockSchedulerDemo} runs stock-fetch
 * jobs on a scheduler, records every run with the {@code JobExecutionRecorder}, and serves the history over HTTP
 * ({@link io.jobhistory.examples.stock.HistoryApiServer}) in the seed's response format
 * ({@link io.jobhistory.examples.stock.ApiJson}). Configuration comes from the environment, read once by
 * {@link io.jobhistory.examples.stock.DemoConfig}.
 */
package io.jobhistory.examples.stock;
