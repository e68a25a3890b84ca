package io.jobhistory.spring.boot.e2e;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Boot application with @Scheduled jobs of every kind, as a user would write it. */
@SpringBootApplication
@EnableScheduling
@EnableTransactionManagement(proxyTargetClass = true)
public class JobsApplication {

    /** Every error Spring's scheduler error handler saw. */
    public static final List<Throwable> HANDLED = new CopyOnWriteArrayList<>();

    /** The application's main scheduler, with an error handler that sees what the jobs throw. */
    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(4);
        scheduler.setThreadNamePrefix("main-");
        scheduler.setErrorHandler(HANDLED::add);
        return scheduler;
    }

    /** A second scheduler, of the kind Boot uses for virtual threads, for @Scheduled(scheduler = "otherScheduler"). */
    @Bean
    SimpleAsyncTaskScheduler otherScheduler() {
        SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
        scheduler.setThreadNamePrefix("other-");
        return scheduler;
    }

    /** A transaction manager that does nothing, so that @Transactional beans are proxied. */
    @Bean
    PlatformTransactionManager transactionManager() {
        return new AbstractPlatformTransactionManager() {
            @Override
            protected Object doGetTransaction() {
                return new Object();
            }

            @Override
            protected void doBegin(Object transaction, TransactionDefinition definition) {
            }

            @Override
            protected void doCommit(DefaultTransactionStatus status) {
            }

            @Override
            protected void doRollback(DefaultTransactionStatus status) {
            }
        };
    }
}
