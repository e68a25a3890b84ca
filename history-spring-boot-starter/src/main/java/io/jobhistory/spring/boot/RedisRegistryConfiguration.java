package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis storage: from {@code jobhistory.redis.url}, else the application's {@code UnifiedJedis} bean, else a client
 * built from {@code spring.data.redis.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.jobhistory.redis.RedisExecutionHistoryRegistry", "redis.clients.jedis.UnifiedJedis"})
@ConditionalOnMissingBean(ExecutionHistoryRegistry.class)
@Conditional(RedisRegistryConfiguration.RedisConfigured.class)
class RedisRegistryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobHistoryAutoConfiguration.class);

    @Bean
    SpringDataRedisClient jobHistorySpringDataRedisClient() {
        return new SpringDataRedisClient();
    }

    @Bean(destroyMethod = "close")
    RedisExecutionHistoryRegistry jobHistoryRegistry(JobHistoryProperties properties, Environment environment,
            ObjectProvider<UnifiedJedis> jedisBeans, ObjectProvider<SslBundles> sslBundles,
            SpringDataRedisClient springDataRedisClient) {
        JobHistoryProperties.Redis redis = properties.getRedis();
        RedisExecutionHistoryRegistry.Builder builder;
        String source;
        UnifiedJedis jedisBean;
        if (redis.getUrl() != null) {
            builder = RedisExecutionHistoryRegistry.builder(redis.getUrl());
            source = "jobhistory.redis.url " + JobHistoryProperties.Redis.redact(redis.getUrl());
        } else if ((jedisBean = jedisBeans.getIfUnique()) != null) {
            builder = RedisExecutionHistoryRegistry.builder(jedisBean);
            source = "the application's UnifiedJedis bean";
        } else {
            builder = RedisExecutionHistoryRegistry.builder(springDataRedisClient.open(environment, sslBundles));
            source = "spring.data.redis.* (" + springDataRedisClient.describe() + ")";
        }
        if (!properties.getJobs().isEmpty()) {
            throw new IllegalStateException("jobhistory.jobs" + properties.getJobs().keySet()
                    + " sets the retention of single jobs, which the in-memory store supports; the Redis store keeps "
                    + "one retention for all jobs: use jobhistory.max-runs-per-job, jobhistory.max-failures-per-job "
                    + "and jobhistory.time-to-live");
        }
        RedisExecutionHistoryRegistry registry = builder
                .keyPrefix(redis.getKeyPrefix())
                .maxRunsPerJob(properties.getMaxRunsPerJob())
                .maxFailuresPerJob(properties.getMaxFailuresPerJob())
                .timeToLive(properties.getTimeToLive())
                .build();
        log.info("Job history is kept in Redis through {}, under key prefix '{}'", source, redis.getKeyPrefix());
        return registry;
    }

    static final class RedisConfigured extends AnyNestedCondition {

        RedisConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "jobhistory.redis", name = "url")
        static final class Url {
        }

        @Conditional(SpringDataRedisCondition.class)
        static final class SpringDataRedis {
        }

        @ConditionalOnBean(type = "redis.clients.jedis.UnifiedJedis")
        static final class JedisBean {
        }
    }
}
