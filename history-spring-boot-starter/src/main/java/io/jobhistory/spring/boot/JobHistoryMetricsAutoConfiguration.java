package io.jobhistory.spring.boot;

import io.jobhistory.recorder.JobExecutionRecorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for the job history, when the application has a {@link MeterRegistry}: runs counted and timed by
 * job and status ({@code jobhistory.runs}, {@code jobhistory.run.duration}) and failed saves
 * ({@code jobhistory.storage.failures}). Off with {@code jobhistory.metrics.enabled=false}.
 */
@AutoConfiguration(before = JobHistoryAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "jobhistory.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
public class JobHistoryMetricsAutoConfiguration {

    /** Counts and times each finished run; the recorder picks it up as a listener. */
    @Bean
    JobHistoryMeters jobHistoryMeters(MeterRegistry registry) {
        return new JobHistoryMeters(registry);
    }

    /** How many saves failed, from the recorder's own count. */
    @Bean
    MeterBinder jobHistoryRecorderMeters(ObjectProvider<JobExecutionRecorder> recorder) {
        return registry -> recorder.ifAvailable(r -> FunctionCounter.builder("jobhistory.storage.failures", r,
                        JobExecutionRecorder::failureCount)
                .description("Saves of job history that failed or timed out").register(registry));
    }
}
