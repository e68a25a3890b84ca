/**
 * For applications: the history's read-only JSON API and dashboard, independent of any HTTP server. Build a
 * {@link io.jobhistory.web.HistoryWeb} over a registry and serve it with the standalone server
 * ({@code io.jobhistory.web.jetty.HistoryWebServer} in {@code history-web-jetty}), in a servlet container
 * ({@link io.jobhistory.web.servlet.HistoryWebServlet}), or from any other server through
 * {@link io.jobhistory.web.HistoryWeb#handle}. See {@code docs/web.md}.
 */
package io.jobhistory.web;
