package io.jobhistory.spring.boot;

import java.lang.reflect.Method;

/** A recorded {@code @Scheduled} method: its job id and name, and where it came from (for collision messages). */
record ScheduledJob(String id, String name, String beanName, Method method) {

    String describe() {
        return "bean '" + beanName + "' (" + method.getDeclaringClass().getName() + "." + method.getName() + "())";
    }
}
