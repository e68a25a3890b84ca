package io.jobhistory.spring.boot;

import io.jobhistory.recorder.JobIdentity;

import java.lang.reflect.Method;

/** A recorded {@code @Scheduled} method: its job, and where it came from (for collision messages). */
record ScheduledJob(JobIdentity identity, String beanName, Method method) {

    String id() {
        return identity.id();
    }

    String describe() {
        return "bean '" + beanName + "' (" + method.getDeclaringClass().getName() + "." + method.getName() + "())";
    }
}
