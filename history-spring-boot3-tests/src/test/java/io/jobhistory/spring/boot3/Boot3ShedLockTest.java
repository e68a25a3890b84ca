package io.jobhistory.spring.boot3;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.inmemory.InMemoryLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jobhistory.fixtures.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** On Boot 3.5, a tick whose ShedLock lock is held elsewhere is not recorded as a run. */
class Boot3ShedLockTest {

    @Test
    void aTickWhoseLockIsHeldElsewhereIsNoRun() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).properties("db-scheduler.enabled=false").run()) {
            JobExecutionRecorder recorder = app.getBean(JobExecutionRecorder.class);
            until("three ticks did not run", () -> recorder.notRunCount("Ticks.tick") >= 3);
            assertThat(app.getBean(Ticks.class).runs()).isZero();
            assertThat(app.getBean(ExecutionHistoryRegistry.class).findHistory("Ticks.tick")).isEmpty();
        }
    }

    /** Not a component: Boot3Application's scan must not pick it up. */
    @EnableAutoConfiguration
    @EnableScheduling
    @EnableSchedulerLock(defaultLockAtMostFor = "PT1M")
    @Import(Ticks.class)
    static class App {

        @Bean
        LockProvider lockProvider() {
            return new InMemoryLockProvider();
        }

        /** Another instance's hold on the lock, for the whole test. */
        @Bean(destroyMethod = "unlock")
        SimpleLock heldElsewhere(LockProvider lockProvider) {
            return lockProvider.lock(new LockConfiguration(Instant.now(), "tick", Duration.ofMinutes(10),
                    Duration.ZERO)).orElseThrow();
        }
    }

    static class Ticks {

        private final AtomicInteger runs = new AtomicInteger();

        @Scheduled(fixedRate = 50)
        @SchedulerLock(name = "tick")
        public void tick() {
            runs.incrementAndGet();
        }

        public int runs() {
            return runs.get();
        }
    }
}
