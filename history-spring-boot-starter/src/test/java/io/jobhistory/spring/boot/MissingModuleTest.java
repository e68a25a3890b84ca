package io.jobhistory.spring.boot;

import io.jobhistory.dbscheduler.DbSchedulerHistory;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import io.jobhistory.web.HistoryWeb;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** A feature turned on without its module stops startup with a message that names the dependency to add. */
class MissingModuleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobHistoryModulesAutoConfiguration.class,
                    JobHistoryAutoConfiguration.class));

    @Test
    void webEnabledWithoutHistoryWebFailsAndNamesTheDependency() {
        runner.withClassLoader(new FilteredClassLoader(HistoryWeb.class))
                .withPropertyValues("jobhistory.web.enabled=true")
                .run(context -> assertAnalysis(context.getStartupFailure(), "jobhistory.web.enabled=true",
                        "io.jobhistory:history-web"));
    }

    @Test
    void aRedisUrlWithoutHistoryRedisFailsAndNamesTheDependency() {
        runner.withClassLoader(new FilteredClassLoader(RedisExecutionHistoryRegistry.class))
                .withPropertyValues("jobhistory.redis.url=redis://localhost:6379")
                .run(context -> assertAnalysis(context.getStartupFailure(), "jobhistory.redis.url",
                        "io.jobhistory:history-redis"));
    }

    @Test
    void dbSchedulerEnabledWithoutItsModuleFailsAndNamesTheDependency() {
        runner.withClassLoader(new FilteredClassLoader(DbSchedulerHistory.class))
                .withPropertyValues("jobhistory.db-scheduler.enabled=true")
                .run(context -> assertAnalysis(context.getStartupFailure(), "jobhistory.db-scheduler.enabled=true",
                        "io.jobhistory:history-db-scheduler"));
    }

    @Test
    void shedLockEnabledWithoutShedLockFailsAndNamesTheDependency() {
        runner.withClassLoader(new FilteredClassLoader("net.javacrumbs.shedlock"))
                .withPropertyValues("jobhistory.shedlock.enabled=true")
                .run(context -> assertAnalysis(context.getStartupFailure(), "jobhistory.shedlock.enabled=true",
                        "net.javacrumbs.shedlock:shedlock-spring"));
    }

    @Test
    void withTheModulesPresentOrTheFeaturesOffNothingFails() {
        runner.withPropertyValues("jobhistory.web.enabled=true", "jobhistory.db-scheduler.enabled=true",
                        "jobhistory.shedlock.enabled=true")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withClassLoader(new FilteredClassLoader(HistoryWeb.class, DbSchedulerHistory.class))
                .run(context -> assertThat(context).hasNotFailed());
        runner.withClassLoader(new FilteredClassLoader("net.javacrumbs.shedlock"))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theAnalyzerIsRegisteredWithSpringBoot() throws Exception {
        List<String> analyzers = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            Properties factories = new Properties();
            try (InputStream in = url.openStream()) {
                factories.load(in);
            }
            String names = factories.getProperty(FailureAnalyzer.class.getName());
            if (names != null) {
                analyzers.addAll(List.of(names.split(",")));
            }
        }
        assertThat(analyzers).contains(MissingModuleFailureAnalyzer.class.getName());
    }

    private static void assertAnalysis(Throwable failure, String property, String dependency) {
        assertThat(failure).isNotNull().hasRootCauseInstanceOf(MissingModuleException.class);
        FailureAnalysis analysis = new MissingModuleFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains(property).contains(dependency);
        assertThat(analysis.getAction()).contains("Add the dependency " + dependency);
    }
}
