package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.recorder.JobExecutionRecorder;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.inmemory.InMemoryLockProvider;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Every ShedLock LockProvider bean is advised, keeping what it is; a lock not acquired in a run makes it no run. */
class ShedLockAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobHistoryAutoConfiguration.class,
                    JobHistoryShedLockAutoConfiguration.class))
            .withUserConfiguration(Providers.class);

    @Test
    void aProviderKeepsItsClassAndInterfacesAndALambdaItsInterface() {
        runner.run(context -> {
            LockProvider inMemory = context.getBean("inMemory", LockProvider.class);
            assertThat(AopUtils.isAopProxy(inMemory)).isTrue();
            assertThat(inMemory).isInstanceOf(InMemoryLockProvider.class).isInstanceOf(ExtensibleLockProvider.class);
            LockProvider lambda = context.getBean("lambda", LockProvider.class);
            assertThat(AopUtils.isJdkDynamicProxy(lambda)).isTrue();
            assertThat(lambda.lock(config("any"))).isEmpty();
        });
    }

    @Test
    void aLockNotAcquiredInARunMakesItNoRunAndAnAcquiredOneChangesNothing() {
        runner.run(context -> {
            LockProvider provider = context.getBean("inMemory", LockProvider.class);
            JobExecutionRecorder recorder = context.getBean(JobExecutionRecorder.class);
            ExecutionHistoryRegistry registry = context.getBean(ExecutionHistoryRegistry.class);
            SimpleLock held = provider.lock(config("held")).orElseThrow();  // outside a run: nothing to mark

            AtomicReference<Optional<SimpleLock>> attempt = new AtomicReference<>();
            recorder.run("locked-out", () -> attempt.set(provider.lock(config("held"))));
            assertThat(attempt.get()).isEmpty();
            assertThat(recorder.notRunCount("locked-out")).isEqualTo(1);
            assertThat(registry.findHistory("locked-out")).isEmpty();

            recorder.run("locks", () -> provider.lock(config("free")).orElseThrow().unlock());
            assertThat(recorder.notRunCount("locks")).isZero();
            assertThat(registry.findHistory("locks")).singleElement()
                    .satisfies(run -> assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCESS));
            held.unlock();
        });
    }

    @Test
    void offOrWithoutShedLockNothingIsAdvised() {
        runner.withPropertyValues("jobhistory.shedlock.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(LockProviderPostProcessor.class);
            assertThat(AopUtils.isAopProxy(context.getBean("inMemory"))).isFalse();
        });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JobHistoryAutoConfiguration.class,
                        JobHistoryShedLockAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("net.javacrumbs.shedlock"))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(LockProviderPostProcessor.class));
    }

    private static LockConfiguration config(String name) {
        return new LockConfiguration(Instant.now(), name, Duration.ofMinutes(1), Duration.ZERO);
    }

    @Configuration(proxyBeanMethods = false)
    static class Providers {

        @Bean
        LockProvider inMemory() {
            return new InMemoryLockProvider();
        }

        @Bean
        LockProvider lambda() {
            return configuration -> Optional.empty();
        }
    }
}
