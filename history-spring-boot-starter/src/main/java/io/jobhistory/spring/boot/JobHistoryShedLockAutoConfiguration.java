package io.jobhistory.spring.boot;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * With ShedLock on the classpath, a recorded run whose lock another instance holds is no run: every
 * {@code LockProvider} bean is advised so that a lock not acquired marks the current run
 * {@linkplain io.jobhistory.recorder.RunContext#notRun not run}, which the recorder forgets or keeps as a skip
 * ({@code jobhistory.not-run.handling}). Off with {@code jobhistory.shedlock.enabled=false}
 * (<a href="https://github.com/jobhistory/jobhistory/blob/main/docs/spring-boot.md#shedlock">docs/spring-boot.md</a>).
 */
@AutoConfiguration
@ConditionalOnClass(name = "net.javacrumbs.shedlock.core.LockProvider")
@ConditionalOnProperty(prefix = "jobhistory.shedlock", name = "enabled", havingValue = "true", matchIfMissing = true)
public class JobHistoryShedLockAutoConfiguration {

    /** Advises each {@code LockProvider} bean; static, as a bean post-processor must be. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static LockProviderPostProcessor jobHistoryLockProviderPostProcessor() {
        return new LockProviderPostProcessor();
    }
}
