package io.jobhistory.spring.boot3;

import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.spring.boot.JobHistoryAutoConfiguration;
import io.jobhistory.spring.boot.MissingModuleException;
import io.jobhistory.web.HistoryWeb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The starter's safe defaults on Boot 3.5: a feature without its module fails startup; write-behind over Redis. */
@ExtendWith(OutputCaptureExtension.class)
class Boot3DefaultsTest {

    @Test
    void webEnabledWithoutHistoryWebFailsStartupWithAnAnalysisNamingTheDependency(CapturedOutput output) {
        SpringApplication app = new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
                .resourceLoader(new DefaultResourceLoader(new FilteredClassLoader(HistoryWeb.class)))
                .properties("jobhistory.web.enabled=true")
                .build();

        assertThatThrownBy(app::run).hasRootCauseInstanceOf(MissingModuleException.class);
        assertThat(output).contains("APPLICATION FAILED TO START").contains("jobhistory.web.enabled=true")
                .contains("io.jobhistory:history-web");
    }

    @Test
    void writeBehindIsOnOverRedisAndOffInMemoryWithNoPropertySet() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JobHistoryAutoConfiguration.class));
        runner.withPropertyValues("jobhistory.redis.url=" + EmbeddedRedis.shared().url(),
                        "jobhistory.redis.key-prefix=b3wb" + UUID.randomUUID())
                .run(context -> assertThat(context.getBean(JobExecutionRecorder.class).writeBehindStats())
                        .isPresent());
        runner.run(context -> assertThat(context.getBean(JobExecutionRecorder.class).writeBehindStats()).isEmpty());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Empty {
    }
}
