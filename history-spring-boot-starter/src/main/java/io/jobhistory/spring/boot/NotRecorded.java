package io.jobhistory.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a {@code @Scheduled} method, or every {@code @Scheduled} method of a class, out of the job history. To turn
 * recording off for the whole application set {@code jobhistory.scheduled.enabled=false}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NotRecorded {
}
