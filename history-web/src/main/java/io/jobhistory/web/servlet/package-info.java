/**
 * For applications that run a servlet container: {@link io.jobhistory.web.servlet.HistoryWebServlet} serves the
 * history's API and dashboard there. Needs {@code jakarta.servlet-api} 6, which the container provides.
 */
package io.jobhistory.web.servlet;
