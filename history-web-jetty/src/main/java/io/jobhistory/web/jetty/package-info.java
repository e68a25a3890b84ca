/**
 * For applications without an HTTP server: {@link io.jobhistory.web.jetty.HistoryWebServer} serves the history's API
 * and dashboard on an embedded Jetty 12 (core only, no servlets), bounded against slow and hostile clients.
 */
package io.jobhistory.web.jetty;
