package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The actuator endpoint {@code jobhistory}, when the actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = JobHistoryAutoConfiguration.class)
@ConditionalOnClass({ConditionalOnAvailableEndpoint.class, org.springframework.boot.actuate.endpoint.annotation.Endpoint.class})
@ConditionalOnAvailableEndpoint(JobHistoryEndpoint.class)
public class JobHistoryEndpointAutoConfiguration {

    /** The endpoint over the application's registry. */
    @Bean
    @ConditionalOnMissingBean
    JobHistoryEndpoint jobHistoryEndpoint(ExecutionHistoryRegistry registry,
            ObjectProvider<JobExecutionRecorder> recorder) {
        JobExecutionRecorder counting = recorder.getIfUnique();
        return counting == null ? new JobHistoryEndpoint(registry)
                : new JobHistoryEndpoint(registry, counting::notRunCount);
    }
}
