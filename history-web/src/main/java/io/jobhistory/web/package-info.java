/**
 * The history's JSON API and its dashboard, served by the JDK's {@code HttpServer}: build a
 * {@link io.jobhistory.web.HistoryWeb} over a registry and {@link io.jobhistory.web.HistoryWeb#mount mount} it, or
 * start a {@link io.jobhistory.web.HistoryWebServer}.
 */
package io.jobhistory.web;
