package io.jobhistory.spring.boot;

import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import io.jobhistory.dbscheduler.DbSchedulerHistory;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Records every db-scheduler execution when the application uses db-scheduler's Spring Boot starter and has
 * {@code history-db-scheduler}: the starter hands every {@link SchedulerListener} and {@link ExecutionInterceptor}
 * bean to the scheduler it builds, so the two halves of {@link DbSchedulerHistory} are declared as such beans. Off
 * with {@code jobhistory.db-scheduler.enabled=false}.
 */
@AutoConfiguration(after = JobHistoryAutoConfiguration.class,
        beforeName = "com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration")
@ConditionalOnClass(name = {"io.jobhistory.dbscheduler.DbSchedulerHistory",
        "com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration"})
@ConditionalOnProperty(prefix = "jobhistory.db-scheduler", name = "enabled", havingValue = "true", matchIfMissing = true)
public class JobHistoryDbSchedulerAutoConfiguration {

    /** The db-scheduler integration over the application's recorder. */
    @Bean
    @ConditionalOnMissingBean
    DbSchedulerHistory jobHistoryDbScheduler(JobExecutionRecorder recorder) {
        return DbSchedulerHistory.of(recorder);
    }

    /** Finishes each run with db-scheduler's outcome and marks dead executions abandoned. */
    @Bean
    SchedulerListener jobHistoryDbSchedulerListener(DbSchedulerHistory history) {
        return history.listener();
    }

    /** Starts each run as the task's handler starts, with its context current on the handler's thread. */
    @Bean
    ExecutionInterceptor jobHistoryDbSchedulerInterceptor(DbSchedulerHistory history) {
        return history.interceptor();
    }
}
