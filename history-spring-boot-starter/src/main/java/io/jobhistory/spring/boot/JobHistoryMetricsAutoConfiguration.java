package io.jobhistory.spring.boot;

import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.WriteBehindStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for the job history, when the application has a {@link MeterRegistry}: runs counted and timed by
 * job and status ({@code jobhistory.runs}, {@code jobhistory.run.duration}) and failed saves
 * ({@code jobhistory.storage.failures}); with write-behind, its queue depth ({@code jobhistory.writebehind.queue}) and
 * the records dropped, refused and retried ({@code jobhistory.writebehind.dropped}, {@code .rejected},
 * {@code .retried}). Off with {@code jobhistory.metrics.enabled=false}.
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

    /** Failed saves, and with write-behind the queue's depth, drops, refusals and retries, from the recorder. */
    @Bean
    MeterBinder jobHistoryRecorderMeters(ObjectProvider<JobExecutionRecorder> recorder) {
        return registry -> recorder.ifAvailable(r -> {
            FunctionCounter.builder("jobhistory.storage.failures", r, JobExecutionRecorder::failureCount)
                    .description("Saves of job history that failed").register(registry);
            if (r.writeBehindStats().isPresent()) {
                Gauge.builder("jobhistory.writebehind.queue", r, rec -> stat(rec, WriteBehindStats::queueDepth))
                        .description("Records queued for the write-behind writer").register(registry);
                FunctionCounter.builder("jobhistory.writebehind.dropped", r, rec -> stat(rec, WriteBehindStats::dropped))
                        .description("Records dropped because the write-behind queue was full").register(registry);
                FunctionCounter.builder("jobhistory.writebehind.rejected", r, rec -> stat(rec, WriteBehindStats::rejected))
                        .description("Records the store refused permanently").register(registry);
                FunctionCounter.builder("jobhistory.writebehind.retried", r, rec -> stat(rec, WriteBehindStats::retried))
                        .description("Write attempts that failed transiently and were retried").register(registry);
            }
        });
    }

    private static double stat(JobExecutionRecorder recorder, ToDoubleFunction<WriteBehindStats> value) {
        return recorder.writeBehindStats().map(value::applyAsDouble).orElse(0.0);
    }
}
