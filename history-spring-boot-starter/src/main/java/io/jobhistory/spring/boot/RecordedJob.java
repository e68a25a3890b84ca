package io.jobhistory.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the job a {@code @Scheduled} method is recorded as. Without it the job id is
 * {@code SimpleClassName.methodName} of the bean's own class (proxies unwrapped) and the name equals the id.
 *
 * <pre>{@code
 * @Scheduled(cron = "0 0 6 * * *")
 * @RecordedJob(id = "daily-aapl", name = "Daily AAPL")
 * void fetchAapl() { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RecordedJob {

    /** The job id; empty for the default {@code SimpleClassName.methodName}. */
    String id() default "";

    /** The job's display name; empty for the id. */
    String name() default "";
}
