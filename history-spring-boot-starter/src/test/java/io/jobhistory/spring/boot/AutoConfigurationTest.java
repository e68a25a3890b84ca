package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.fixtures.ForwardingRegistry;
import io.jobhistory.fixtures.RealTime;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.ItemJob;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.WriteBehindStats;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobHistoryAutoConfiguration.class,
                    ScheduledJobsAutoConfiguration.class, JobHistoryMetricsAutoConfiguration.class));

    @Test
    void inMemoryByDefaultWithOneInfoLine(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasSingleBean(InMemoryExecutionHistoryRegistry.class);
            assertThat(context).hasSingleBean(JobExecutionRecorder.class);
        });
        assertThat(output.getOut().lines().filter(l -> l.contains("Job history is kept in memory")))
                .singleElement().asString().contains("INFO").contains("jobhistory.redis.url");
    }

    @Test
    void applicationRegistryAndRecorderWin() {
        InMemoryExecutionHistoryRegistry own = InMemoryExecutionHistoryRegistry.create();
        runner.withPropertyValues("jobhistory.redis.url=redis://127.0.0.1:1")
                .withBean("myRegistry", ExecutionHistoryRegistry.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(ExecutionHistoryRegistry.class);
                    assertThat(context.getBean(ExecutionHistoryRegistry.class)).isSameAs(own);
                    context.getBean(JobExecutionRecorder.class).run("job", () -> { });
                    assertThat(own.findLatest("job")).isPresent();
                });
        runner.withBean("myRecorder", JobExecutionRecorder.class,
                        () -> JobExecutionRecorder.create(InMemoryExecutionHistoryRegistry.create()))
                .run(context -> assertThat(context).getBean(JobExecutionRecorder.class).isNotNull()
                        .satisfies(r -> assertThat(context.getBeanNamesForType(JobExecutionRecorder.class))
                                .containsExactly("myRecorder")));
    }

    @Test
    void recorderFromProperties() {
        runner.withPropertyValues("jobhistory.attributes.region=eu-west", "jobhistory.host-attribute=false",
                        "jobhistory.limits.max-errors=1", "jobhistory.max-runs-per-job=2")
                .run(context -> {
                    JobExecutionRecorder recorder = context.getBean(JobExecutionRecorder.class);
                    ExecutionHistoryRegistry registry = context.getBean(ExecutionHistoryRegistry.class);
                    for (int i = 0; i < 3; i++) {
                        recorder.run("job", (ItemJob) ctx -> {
                            ctx.error("one");
                            ctx.error("two");
                        });
                    }
                    ExecutionRecord latest = registry.findLatest("job").orElseThrow();
                    assertThat(latest.attributes()).containsEntry("region", "eu-west").doesNotContainKey("host");
                    assertThat(latest.errors()).singleElement().asString().contains("more errors not recorded");
                    assertThat(registry.findHistory("job")).hasSize(2);
                });
    }

    @Test
    void hostAttributeByDefault() {
        runner.run(context -> {
            context.getBean(JobExecutionRecorder.class).run("job", () -> { });
            assertThat(context.getBean(ExecutionHistoryRegistry.class).findLatest("job").orElseThrow().attributes())
                    .containsKey("host");
        });
    }

    @Test
    void redisFromJobhistoryUrl() {
        String prefix = "t" + UUID.randomUUID();
        runner.withPropertyValues("jobhistory.redis.url=" + EmbeddedRedis.shared().url(), "jobhistory.redis.key-prefix=" + prefix)
                .run(context -> assertRecordsInRedis(context.getBean(JobExecutionRecorder.class), prefix));
    }

    @Test
    void redisFromSpringDataRedisProperties() {
        String prefix = "t" + UUID.randomUUID();
        runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + EmbeddedRedis.shared().port(),
                        "spring.data.redis.database=3", "jobhistory.redis.key-prefix=" + prefix)
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisExecutionHistoryRegistry.class);
                    JobExecutionRecorder recorder = context.getBean(JobExecutionRecorder.class);
                    recorder.run("job", () -> { });
                    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue(); // write-behind, on over Redis
                    try (JedisPooled db3 = new JedisPooled(new HostAndPort("127.0.0.1", EmbeddedRedis.shared().port()),
                            DefaultJedisClientConfig.builder().database(3).build())) {
                        assertThat(db3.exists(prefix + ":job_history_index:job")).isTrue();
                    }
                });
    }

    @Test
    void redisFromSpringDataRedisUrl() {
        String prefix = "t" + UUID.randomUUID();
        runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:" + EmbeddedRedis.shared().port() + "/2",
                        "jobhistory.redis.key-prefix=" + prefix)
                .run(context -> {
                    JobExecutionRecorder recorder = context.getBean(JobExecutionRecorder.class);
                    recorder.run("job", () -> { });
                    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue(); // write-behind, on over Redis
                    try (JedisPooled db2 = new JedisPooled(new HostAndPort("127.0.0.1", EmbeddedRedis.shared().port()),
                            DefaultJedisClientConfig.builder().database(2).build())) {
                        assertThat(db2.exists(prefix + ":job_history_index:job")).isTrue();
                    }
                });
        runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:6379/x").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("spring.data.redis.url")
                .hasMessageContaining("'x'"));
    }

    @Test
    void redisFromTheApplicationsUnifiedJedisBean() {
        String prefix = "t" + UUID.randomUUID();
        runner.withPropertyValues("jobhistory.redis.key-prefix=" + prefix)
                .withBean(UnifiedJedis.class, () -> new JedisPooled("127.0.0.1", EmbeddedRedis.shared().port()))
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisExecutionHistoryRegistry.class);
                    assertRecordsInRedis(context.getBean(JobExecutionRecorder.class), prefix);
                });
    }

    private static void assertRecordsInRedis(JobExecutionRecorder recorder, String prefix) {
        assertThat(recorder.writeBehindStats()).as("write-behind, on by default over Redis").isPresent();
        recorder.run("job", () -> { });
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
        try (JedisPooled jedis = new JedisPooled("127.0.0.1", EmbeddedRedis.shared().port())) {
            assertThat(jedis.exists(prefix + ":job_history_index:job")).isTrue();
        }
    }

    @Test
    void overRedisWithNoWriteBehindPropertyARedisOutageLosesNoRun() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.startPersistent(Files.createTempDirectory("outage"))) {
            String prefix = "outage" + UUID.randomUUID();
            runner.withPropertyValues("jobhistory.redis.url=" + redis.url(), "jobhistory.redis.key-prefix=" + prefix)
                    .run(context -> {
                        JobExecutionRecorder recorder = context.getBean(JobExecutionRecorder.class);
                        for (int i = 0; i < 5; i++) {
                            recorder.run("outage-job", () -> { });
                        }
                        redis.stop();
                        long stoppedAt = System.nanoTime();
                        int during = 0;
                        while (System.nanoTime() - stoppedAt < Duration.ofSeconds(3).toNanos()) {
                            recorder.run("outage-job", () -> { }); // returns at once: the writer retries
                            during++;
                            RealTime.sleep(Duration.ofMillis(100));
                        }
                        redis.restart();
                        for (int i = 0; i < 5; i++) {
                            recorder.run("outage-job", () -> { });
                        }
                        assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
                        ExecutionHistoryRegistry registry = context.getBean(ExecutionHistoryRegistry.class);
                        assertThat(registry.findHistory("outage-job", 100)).hasSize(10 + during)
                                .allMatch(r -> r.status() == ExecutionStatus.SUCCESS);
                    });
        }
    }

    @Test
    void badPropertiesFailStartupNamingPropertyAndValue() {
        runner.withPropertyValues("jobhistory.time-to-live=-5s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("jobhistory.time-to-live").hasMessageContaining("-5S"));
        runner.withPropertyValues("jobhistory.redis.url=http://localhost:6379").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("jobhistory.redis.url")
                .hasMessageContaining("http://localhost:6379"));
        runner.withPropertyValues("jobhistory.redis.url=redis://host name:6379").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("jobhistory.redis.url")
                .hasMessageContaining("redis://host name:6379"));
        runner.withPropertyValues("jobhistory.redis.key-prefix= ").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("jobhistory.redis.key-prefix"));
        runner.withPropertyValues("jobhistory.max-runs-per-job=0").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("jobhistory.max-runs-per-job")
                .hasMessageContaining("'0'"));
    }

    @Test
    void retentionPerJobFromProperties() {
        runner.withPropertyValues("jobhistory.max-runs-per-job=3", "jobhistory.max-failures-per-job=0",
                        "jobhistory.jobs[noisy.job].max-runs=1", "jobhistory.jobs[noisy.job].max-failures=2")
                .run(context -> {
                    JobExecutionRecorder recorder = context.getBean(JobExecutionRecorder.class);
                    ExecutionHistoryRegistry registry = context.getBean(ExecutionHistoryRegistry.class);
                    for (String job : List.of("noisy.job", "quiet")) {
                        for (int i = 0; i < 4; i++) {
                            recorder.run(job, (ItemJob) ctx -> ctx.failed("item", "down"));
                            Thread.sleep(2); // distinct start times
                        }
                    }
                    assertThat(registry.findHistory("noisy.job")).hasSize(1);
                    assertThat(registry.findHistory("noisy.job", 10, ExecutionStatus.FAILED)).hasSize(2);
                    assertThat(registry.findHistory("quiet")).hasSize(3);
                    assertThat(registry.findHistory("quiet", 10, ExecutionStatus.FAILED)).hasSize(3);
                });
        runner.withPropertyValues("jobhistory.jobs[x].max-runs=0").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("jobhistory.jobs[x]")
                .hasMessageContaining("maxRuns").hasMessageContaining("0"));
        runner.withPropertyValues("jobhistory.max-failures-per-job=-1").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("jobhistory.max-failures-per-job"));
    }

    @Test
    void redisPasswordIsNotRepeatedInMessages() {
        assertThat(JobHistoryProperties.Redis.redact("redis://user:secret@host:6379/0"))
                .isEqualTo("redis://user:****@host:6379/0");
        runner.withPropertyValues("jobhistory.redis.url=ftp://user:secret@host").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().message().doesNotContain("secret"));
    }

    @Test
    void scheduledRecordingReplacesSpringsProcessorUnlessDisabled() {
        String name = ScheduledJobsAutoConfiguration.processorBeanName();
        runner.withUserConfiguration(Scheduling.class).run(context -> assertThat(context.getBean(name))
                .isInstanceOf(RecordingScheduledAnnotationBeanPostProcessor.class));
        runner.withUserConfiguration(Scheduling.class).withPropertyValues("jobhistory.scheduled.enabled=false")
                .run(context -> assertThat(context.getBean(name)).isExactlyInstanceOf(
                        ScheduledAnnotationBeanPostProcessor.class));
        runner.run(context -> assertThat(context.containsBean(name)).isFalse());
    }

    @Test
    void metersOnlyWithAMeterRegistryAndNotWhenDisabled() {
        runner.run(context -> assertThat(context).doesNotHaveBean(JobHistoryMeters.class));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(JobHistoryMeters.class);
            context.getBean(JobExecutionRecorder.class).run("job", () -> { });
            assertThat(context.getBean(MeterRegistry.class).get("jobhistory.runs")
                    .tag("job", "job").tag("status", ExecutionStatus.SUCCESS.wireName()).counter().count()).isEqualTo(1);
        });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("jobhistory.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(JobHistoryMeters.class));
    }

    @Test
    void writeBehindWithItsQueueDepthAndDropsAsMeters() {
        CountDownLatch release = new CountDownLatch(1);
        InMemoryExecutionHistoryRegistry memory = InMemoryExecutionHistoryRegistry.create();
        ExecutionHistoryRegistry slow = ForwardingRegistry.savesWaitFor(memory, release);
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))  // binds MeterBinders
                .withPropertyValues("jobhistory.write-behind.enabled=true", "jobhistory.write-behind.capacity=2",
                        "jobhistory.write-behind.max-batch-size=1")
                .withBean(ExecutionHistoryRegistry.class, () -> slow)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    JobExecutionRecorder recorder = context.getBean(JobExecutionRecorder.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    for (int i = 0; i < 10; i++) {
                        recorder.run("job", () -> { });  // returns at once: the store is stuck, records queue up
                    }
                    WriteBehindStats stats = recorder.writeBehindStats().orElseThrow();
                    assertThat(stats.dropped()).isPositive();
                    assertThat(meters.get("jobhistory.writebehind.dropped").functionCounter().count())
                            .isEqualTo(stats.dropped());
                    assertThat(meters.get("jobhistory.writebehind.queue").gauge().value())
                            .isEqualTo(recorder.writeBehindStats().orElseThrow().queueDepth()).isPositive();
                    release.countDown();
                    assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
                    assertThat(meters.get("jobhistory.writebehind.queue").gauge().value()).isZero();
                    assertThat(memory.findHistory("job")).isNotEmpty();
                });
        runner.run(context -> assertThat(context.getBean(JobExecutionRecorder.class).writeBehindStats()).isEmpty());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {
        @Bean
        Object nothingScheduled() {
            return new Object();
        }
    }
}
