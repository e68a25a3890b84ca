package io.jobhistory.spring.boot3;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.Await;
import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import io.jobhistory.spring.boot.JobHistoryAutoConfiguration;
import io.jobhistory.spring.boot.ScheduledJobsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import redis.clients.jedis.Jedis;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis storage on Boot 3.5 with the Jedis it manages (6.0.0), from jobhistory.redis.url and spring.data.redis.*. */
class Boot3RedisTest {

    private static final int PORT = EmbeddedRedis.shared().port();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobHistoryAutoConfiguration.class,
                    ScheduledJobsAutoConfiguration.class))
            .withUserConfiguration(Ticking.class);

    @Test
    void jobhistoryRedisUrl() {
        String prefix = "b3" + UUID.randomUUID();
        runner.withPropertyValues("jobhistory.redis.url=redis://127.0.0.1:" + PORT, "jobhistory.redis.key-prefix=" + prefix)
                .run(context -> assertRecorded(context.getBean(ExecutionHistoryRegistry.class), prefix));
    }

    @Test
    void springDataRedisProperties() {
        String prefix = "b3" + UUID.randomUUID();
        runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + PORT,
                        "jobhistory.redis.key-prefix=" + prefix)
                .run(context -> assertRecorded(context.getBean(ExecutionHistoryRegistry.class), prefix));
    }

    private static void assertRecorded(ExecutionHistoryRegistry registry, String prefix) {
        assertThat(registry).isInstanceOf(RedisExecutionHistoryRegistry.class);
        Await.until("a recorded run", () -> registry.findHistory("Ticker.tick").stream()
                .anyMatch(r -> r.status() == ExecutionStatus.SUCCESS));
        try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
            assertThat(jedis.exists(prefix + ":job_history_index:Ticker.tick")).isTrue();
        }
    }

    @EnableScheduling
    static class Ticking {
        @org.springframework.context.annotation.Bean
        Ticker ticker() {
            return new Ticker();
        }
    }

    static class Ticker {
        @Scheduled(fixedDelay = 20)
        void tick() {
        }
    }
}
