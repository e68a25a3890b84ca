package io.jobhistory.spring.boot.shedlock;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import javax.sql.DataSource;

/**
 * A Boot application with ShedLock in its default (method proxy) mode and the JDBC lock provider on the database at
 * {@code locked-ticks.db-url}. Run in the test's JVM, or as an instance of its own through {@link #main}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT1M")
@Import(LockedTicks.class)
public class LockedTicksApplication {

    @Bean(destroyMethod = "dispose")
    JdbcConnectionPool dataSource(@Value("${locked-ticks.db-url}") String url) {
        return JdbcConnectionPool.create(url, "sa", "");
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).build());
    }

    static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(LockedTicksApplication.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false);
    }

    /**
     * Starts one instance; prints {@code READY} once it runs. With {@code -Dparent.pid}, it exits when that process
     * does, so a test that dies never leaves it behind.
     */
    public static void main(String[] args) {
        String parent = System.getProperty("parent.pid");
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> System.exit(3)), () -> System.exit(3));
        }
        builder().run(args);
        System.out.println("READY");
    }
}
