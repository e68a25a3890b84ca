package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** In-memory storage, when no other registry is configured; says so in one INFO line. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(ExecutionHistoryRegistry.class)
class InMemoryRegistryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobHistoryAutoConfiguration.class);

    @Bean
    InMemoryExecutionHistoryRegistry jobHistoryRegistry(JobHistoryProperties properties, Environment environment) {
        boolean springRedis = SpringDataRedisCondition.configured(environment);
        log.info("Job history is kept in memory ({} runs per job, lost on restart). To keep it in Redis, add "
                + "io.jobhistory:history-redis and set jobhistory.redis.url{}", properties.getMaxRunsPerJob(),
                springRedis ? " (spring.data.redis.* is set, but history-redis or Jedis is not on the classpath)"
                        : " or spring.data.redis.*");
        return InMemoryExecutionHistoryRegistry.builder()
                .retention(properties.retention())
                .build();
    }
}
