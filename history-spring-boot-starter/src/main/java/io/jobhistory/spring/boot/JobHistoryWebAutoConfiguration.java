package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.web.HistoryWeb;
import io.jobhistory.web.servlet.HistoryWebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The history's read-only JSON API and dashboard ({@code history-web}) in a Spring MVC application, under
 * {@code jobhistory.web.base-path} ({@code /jobhistory} by default), when {@code jobhistory.web.enabled=true}. Spring
 * Security, if present, guards these paths like any other
 * (<a href="https://github.com/jobhistory/jobhistory/blob/main/docs/spring-boot.md#the-dashboard-and-json-api">docs/spring-boot.md</a>).
 */
@AutoConfiguration(after = JobHistoryAutoConfiguration.class)
@ConditionalOnClass(name = {"io.jobhistory.web.HistoryWeb", "org.springframework.web.servlet.DispatcherServlet"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "jobhistory.web", name = "enabled", havingValue = "true")
public class JobHistoryWebAutoConfiguration {

    /** Order of the handler mapping: right after annotated controllers, before static resources. */
    static final int ORDER = 1;

    /** Maps the base path and everything below it to the history's web layer. */
    @Bean
    SimpleUrlHandlerMapping jobHistoryWebHandlerMapping(ExecutionHistoryRegistry registry,
            JobHistoryProperties properties, ApplicationContext context,
            ObjectProvider<JobExecutionRecorder> recorder) {
        String base = properties.getWeb().getBasePath();
        HttpRequestHandler handler = new WebHandler(() -> {
            HistoryWeb.Builder web = HistoryWeb.builder(registry).basePath(base).anyHost()
                    .configuredJobs(scheduledJobs(context));
            JobExecutionRecorder counting = recorder.getIfUnique();
            if (counting != null) {
                web.notRunCounts(counting::notRunCount); // this instance's runs that did not happen (ShedLock)
            }
            return web.build();
        });
        return new SimpleUrlHandlerMapping(Map.of(base, handler, base + "/**", handler), ORDER);
    }

    /** The recorded {@code @Scheduled} methods, listed by the dashboard before their first run. */
    private static Map<String, String> scheduledJobs(ApplicationContext context) {
        String name = ScheduledJobsAutoConfiguration.processorBeanName();
        return context.containsBean(name)
                && context.getBean(name) instanceof RecordingScheduledAnnotationBeanPostProcessor recording
                ? recording.jobNames() : Map.of();
    }

    /**
     * Answers a request with {@link HistoryWebServlet#serve}. The web layer is built on the first request, when every
     * scheduled method is known. It answers any {@code Host}: the application's own security decides who may read
     * (see docs/spring-boot.md).
     */
    static final class WebHandler implements HttpRequestHandler {

        private final Supplier<HistoryWeb> factory;
        private volatile HistoryWeb web;

        WebHandler(Supplier<HistoryWeb> factory) {
            this.factory = factory;
        }

        private HistoryWeb web() {
            HistoryWeb current = web;
            if (current == null) {
                synchronized (this) {
                    current = web;
                    if (current == null) {
                        current = factory.get();
                        web = current;
                    }
                }
            }
            return current;
        }

        @Override
        public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HistoryWebServlet.serve(web(), request, response);
        }
    }
}
