/**
 * The stock scheduler demo from the seed: {@link io.jobhistory.examples.stock.StockSchedulerDemo} runs stock-fetch
 * jobs on a scheduler, records every run with the {@code JobExecutionRecorder}, and serves the history and the
 * dashboard over HTTP with {@code history-web}, in the seed's URLs and response format
 * ({@link io.jobhistory.examples.stock.StockSchedulerApp#webFor}). Configuration comes from the environment, read
 * once by {@link io.jobhistory.examples.stock.DemoConfig}.
 */
package io.jobhistory.examples.stock;
