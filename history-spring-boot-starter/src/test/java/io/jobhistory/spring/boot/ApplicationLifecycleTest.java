package io.jobhistory.spring.boot;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jobhistory.spring.boot.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole applications started and closed: storage choices, opt-out, collisions, shutdown. */
class ApplicationLifecycleTest {

    private static ConfigurableApplicationContext start(Class<?> app, String... properties) {
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off").properties(properties).run();
    }

    @Test
    void recordsIntoRedisFromJobhistoryRedisUrl() {
        String prefix = "app" + UUID.randomUUID();
        try (ConfigurableApplicationContext context = start(Ticking.class,
                "jobhistory.redis.url=" + EmbeddedRedis.url(), "jobhistory.redis.key-prefix=" + prefix)) {
            assertThat(context.getBean(ExecutionHistoryRegistry.class)).isInstanceOf(RedisExecutionHistoryRegistry.class);
            assertFinishedRunInRedis(prefix);
        }
    }

    @Test
    void recordsIntoRedisFromSpringDataRedisProperties() {
        String prefix = "app" + UUID.randomUUID();
        try (ConfigurableApplicationContext context = start(Ticking.class, "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + EmbeddedRedis.port(), "jobhistory.redis.key-prefix=" + prefix)) {
            assertThat(context.getBean(ExecutionHistoryRegistry.class)).isInstanceOf(RedisExecutionHistoryRegistry.class);
            assertFinishedRunInRedis(prefix);
        }
    }

    private static void assertFinishedRunInRedis(String prefix) {
        try (JedisPooled jedis = new JedisPooled("127.0.0.1", EmbeddedRedis.port())) {
            RedisExecutionHistoryRegistry reader = RedisExecutionHistoryRegistry.builder(jedis).keyPrefix(prefix).build();
            until("a finished run in Redis", () -> reader.findHistory("Ticker.tick").stream()
                    .anyMatch(r -> r.status() == ExecutionStatus.SUCCESS));
            assertThat(jedis.keys(prefix + ":*")).contains(prefix + ":job_history_index:Ticker.tick");
        }
    }

    @Test
    void disabledRecordsNothing() {
        try (ConfigurableApplicationContext context = start(Ticking.class, "jobhistory.scheduled.enabled=false")) {
            Ticker ticker = context.getBean(Ticker.class);
            until("the job ran three times", () -> ticker.runs.get() >= 3);
            assertThat(context.getBean(ExecutionHistoryRegistry.class).findJobIds()).isEmpty();
        }
    }

    @Test
    void collidingJobIdsFailStartupNamingBothAndTheFix() {
        assertThatThrownBy(() -> start(Twins.class).close())
                .rootCause().hasMessageContaining("'Twin.run'")
                .hasMessageContaining("bean 'first'").hasMessageContaining("bean 'second'")
                .hasMessageContaining("@RecordedJob(id = ");
    }

    @ParameterizedTest
    @ValueSource(classes = {SlowApp.class, SlowAppOnPlainExecutor.class})
    void aRunInFlightWhenTheApplicationClosesIsRecordedWithItsOutcome(Class<?> app) throws Exception {
        ConfigurableApplicationContext context = start(app);
        SlowJob job = context.getBean(SlowJob.class);
        InMemoryExecutionHistoryRegistry registry = context.getBean(InMemoryExecutionHistoryRegistry.class);
        assertThat(job.started.await(30, TimeUnit.SECONDS)).as("the slow job started").isTrue();
        context.close();
        assertThat(job.sawClose).as("the job was still running when closing began").isTrue();
        ExecutionRecord run = registry.findLatest("SlowJob.work").orElseThrow();
        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(run.isFinished()).isTrue();
    }

    @Test
    void unreachableStorageNeverBreaksJobsOrHealth() throws Exception {
        int closedPort = EmbeddedRedis.freePort();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Ticking.class)
                .properties("spring.main.banner-mode=off", "server.port=0", "server.address=127.0.0.1",
                        "jobhistory.redis.url=redis://127.0.0.1:" + closedPort,
                        "management.endpoints.web.exposure.include=health,jobhistory")
                .run()) {
            Ticker ticker = context.getBean(Ticker.class);
            until("the job ran three times", () -> ticker.runs.get() >= 3);
            int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
            HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/jobhistory")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).isEqualTo(503);
            assertThat(jobs.body()).contains("unavailable");
            HttpResponse<String> web = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/jobhistory/jobs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(web.statusCode()).as("the web API is off unless jobhistory.web.enabled=true").isEqualTo(404);
        }
    }

    @Test
    void aJobIdWithASlashIsReadOverHttpOnceTomcatPassesEncodedSlashesThrough() throws Exception {
        for (Class<?> app : new Class<?>[] {Ticking.class, PassingEncodedSlashes.class}) {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(app)
                    .properties("spring.main.banner-mode=off", "server.port=0", "server.address=127.0.0.1",
                            "jobhistory.web.enabled=true")
                    .run()) {
                context.getBean(JobExecutionRecorder.class).run("reports/daily", () -> { });
                int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
                HttpResponse<String> history = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/jobhistory/jobs/reports%2Fdaily/history")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (app == Ticking.class) {
                    assertThat(history.statusCode()).as("Tomcat's default: a %2F in a path is refused").isEqualTo(400);
                } else {
                    assertThat(history.statusCode()).isEqualTo(200);
                    assertThat(history.body()).contains("reports/daily", "success");
                }
            }
        }
    }

    /** The customizer docs/spring-boot.md shows for job ids that hold a slash. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PassingEncodedSlashes {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesPassThrough() {
            return factory -> factory.addConnectorCustomizers(
                    connector -> connector.setEncodedSolidusHandling("passthrough"));
        }
    }

    @Test
    void suppressRecordsTheFailureAndKeepsItFromSpringsErrorHandler() {
        try (ConfigurableApplicationContext context = start(Failing.class, "jobhistory.failure-handling=suppress")) {
            ExecutionHistoryRegistry registry = context.getBean(ExecutionHistoryRegistry.class);
            until("two failed runs recorded", () -> registry.findHistory("Failer.fail").stream()
                    .filter(r -> r.status() == ExecutionStatus.FAILED).count() >= 2);
            assertThat(context.getBean(Failing.class).handled).isEmpty();
        }
        try (ConfigurableApplicationContext context = start(Failing.class)) {  // the default: Spring's handler sees it
            until("Spring's error handler saw a failure", () -> !context.getBean(Failing.class).handled.isEmpty());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    @Import(Ticker.class)
    static class Ticking {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    @Import(Failer.class)
    static class Failing {
        final java.util.List<Throwable> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Bean
        org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler taskScheduler() {
            org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler scheduler =
                    new org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler();
            scheduler.setErrorHandler(handled::add);
            return scheduler;
        }
    }

    static class Failer {
        @Scheduled(fixedDelay = 20)
        void fail() {
            throw new IllegalStateException("always");
        }
    }

    static class Ticker {
        final AtomicInteger runs = new AtomicInteger();

        @Scheduled(fixedDelay = 20)
        void tick() {
            runs.incrementAndGet();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    static class Twins {
        @Bean
        Twin first() {
            return new Twin();
        }

        @Bean
        Twin second() {
            return new Twin();
        }
    }

    static class Twin {
        @Scheduled(fixedDelay = 1000)
        void run() {
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    @Import(SlowJob.class)
    static class SlowApp {
        @Bean
        InMemoryExecutionHistoryRegistry appRegistry() {
            return InMemoryExecutionHistoryRegistry.create();
        }
    }

    /** A plain executor, which Spring's lifecycle does not wait for: the starter's own wait keeps the run. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    @Import(SlowJob.class)
    static class SlowAppOnPlainExecutor {
        @Bean
        InMemoryExecutionHistoryRegistry appRegistry() {
            return InMemoryExecutionHistoryRegistry.create();
        }

        @Bean(destroyMethod = "shutdown")
        java.util.concurrent.ScheduledExecutorService plainExecutor() {
            return java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        }
    }

    static class SlowJob {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch closing = new CountDownLatch(1);
        volatile boolean sawClose;

        @Scheduled(initialDelay = 0, fixedDelay = 1, timeUnit = TimeUnit.DAYS)
        void work() throws InterruptedException {
            started.countDown();
            sawClose = closing.await(30, TimeUnit.SECONDS);
            Thread.sleep(500);  // still busy well after closing began, so a close that did not wait would lose the run
        }

        @EventListener
        void onClose(ContextClosedEvent event) {
            closing.countDown();
        }
    }
}
