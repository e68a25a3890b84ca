package io.jobhistory.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stops startup when a {@code jobhistory.*} feature is turned on but its module is missing, instead of ignoring the
 * setting: {@code jobhistory.web.enabled=true} without {@code history-web}, {@code jobhistory.redis.url} without
 * {@code history-redis}, {@code jobhistory.db-scheduler.enabled=true} without {@code history-db-scheduler},
 * {@code jobhistory.shedlock.enabled=true} without ShedLock.
 * {@link MissingModuleFailureAnalyzer} names the dependency to add.
 */
@AutoConfiguration(before = JobHistoryAutoConfiguration.class)
public class JobHistoryModulesAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "jobhistory.web", name = "enabled", havingValue = "true")
    @ConditionalOnMissingClass("io.jobhistory.web.HistoryWeb")
    static class WebModuleMissing {
        @Bean
        Object jobHistoryWebModuleCheck() {
            throw new MissingModuleException("jobhistory.web.enabled=true", "io.jobhistory:history-web",
                    "io.jobhistory.web.HistoryWeb");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "jobhistory.redis", name = "url")
    @ConditionalOnMissingClass("io.jobhistory.redis.RedisExecutionHistoryRegistry")
    static class RedisModuleMissing {
        @Bean
        Object jobHistoryRedisModuleCheck() {
            throw new MissingModuleException("jobhistory.redis.url", "io.jobhistory:history-redis",
                    "io.jobhistory.redis.RedisExecutionHistoryRegistry");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "jobhistory.db-scheduler", name = "enabled", havingValue = "true")
    @ConditionalOnMissingClass("io.jobhistory.dbscheduler.DbSchedulerHistory")
    static class DbSchedulerModuleMissing {
        @Bean
        Object jobHistoryDbSchedulerModuleCheck() {
            throw new MissingModuleException("jobhistory.db-scheduler.enabled=true",
                    "io.jobhistory:history-db-scheduler", "io.jobhistory.dbscheduler.DbSchedulerHistory");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "jobhistory.shedlock", name = "enabled", havingValue = "true")
    @ConditionalOnMissingClass("net.javacrumbs.shedlock.core.LockProvider")
    static class ShedLockMissing {
        @Bean
        Object jobHistoryShedLockCheck() {
            throw new MissingModuleException("jobhistory.shedlock.enabled=true",
                    "net.javacrumbs.shedlock:shedlock-spring", "net.javacrumbs.shedlock.core.LockProvider");
        }
    }
}
