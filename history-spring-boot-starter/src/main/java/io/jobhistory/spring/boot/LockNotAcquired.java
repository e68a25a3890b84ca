package io.jobhistory.spring.boot;

import io.jobhistory.recorder.RunContext;
import net.javacrumbs.shedlock.core.LockConfiguration;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Around {@code LockProvider.lock(LockConfiguration)}: when the lock is not acquired, the recorded run executing on
 * this thread (if any) {@linkplain RunContext#notRun did not happen}. The provider's answer and exceptions pass
 * through unchanged; the bookkeeping never breaks the lock attempt.
 */
final class LockNotAcquired implements MethodInterceptor {

    private static final Logger log = LoggerFactory.getLogger(LockNotAcquired.class);

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object lock = invocation.proceed();
        if (lock instanceof Optional<?> optional && optional.isEmpty()
                && invocation.getArguments()[0] instanceof LockConfiguration configuration) {
            try {
                RunContext.current().ifPresent(run -> run.notRun(reason(configuration.getName())));
            } catch (RuntimeException e) {
                log.warn("Could not mark the run as not run after lock '{}' was not acquired", configuration.getName(),
                        e);
            }
        }
        return lock;
    }

    /** The reason a run whose lock {@code lockName} was not acquired did not happen. */
    static String reason(String lockName) {
        return "lock '" + lockName + "' held by another instance";
    }
}
