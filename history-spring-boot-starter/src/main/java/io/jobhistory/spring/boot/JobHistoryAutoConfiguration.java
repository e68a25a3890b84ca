package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.recorder.RunListener;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.net.InetAddress;
import java.util.Map;

/**
 * The job history's storage and recorder. An application's own {@link ExecutionHistoryRegistry} or
 * {@link JobExecutionRecorder} bean always wins. Otherwise, with {@code history-redis} on the classpath, the registry is
 * Redis from {@code jobhistory.redis.url}, else from a {@code UnifiedJedis} bean, else from
 * {@code spring.data.redis.*}; without any of them, in memory
 * (<a href="https://github.com/jobhistory/jobhistory/blob/main/docs/spring-boot.md#storage">docs/spring-boot.md</a>).
 */
@AutoConfiguration
@EnableConfigurationProperties(JobHistoryProperties.class)
@Import({RedisRegistryConfiguration.class, InMemoryRegistryConfiguration.class})
public class JobHistoryAutoConfiguration {

    /** The recorder every {@code @Scheduled} method is recorded through, built from {@code jobhistory.*}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public JobExecutionRecorder jobExecutionRecorder(ExecutionHistoryRegistry registry, JobHistoryProperties properties,
            ObjectProvider<RunListener> listeners) {
        JobExecutionRecorder.Builder builder = JobExecutionRecorder.builder(registry)
                .heartbeatInterval(properties.getHeartbeatInterval())
                .failureHandling(properties.getFailureHandling())
                .limits(properties.getLimits().toRecordLimits())
                .notRunHandling(properties.getNotRun().getHandling());
        if (properties.getNode() != null) {
            builder.node(properties.getNode());
        }
        Boolean writeBehind = properties.getWriteBehind().getEnabled();
        if (writeBehind == null ? doesIo(registry) : writeBehind) {
            builder.writeBehind(properties.getWriteBehind().toWriteBehind());
        }
        if (properties.isHostAttribute()) {
            builder.attribute("host", hostName());
        }
        for (Map.Entry<String, String> attribute : properties.getAttributes().entrySet()) {
            builder.attribute(attribute.getKey(), attribute.getValue());
        }
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    /**
     * Whether saving into {@code registry} leaves the process (Redis), so that a job should not wait for it: write-behind
     * is then on unless {@code jobhistory.write-behind.enabled=false}. An application's own registry of another type
     * is taken as it is (set the property to turn write-behind on for it).
     */
    static boolean doesIo(ExecutionHistoryRegistry registry) {
        return registry.getClass().getName().equals("io.jobhistory.redis.RedisExecutionHistoryRegistry");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown" : env;
        }
    }
}
