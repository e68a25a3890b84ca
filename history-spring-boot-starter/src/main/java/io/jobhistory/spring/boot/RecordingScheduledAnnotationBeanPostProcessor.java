package io.jobhistory.spring.boot;

import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.recorder.FailureHandling;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ApplicationContextEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ClassUtils;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spring's own {@link ScheduledAnnotationBeanPostProcessor}, with one change: the runnable it creates for each
 * synchronous {@code @Scheduled} method runs inside a recorded run. Parsing of the annotation, triggers, scheduler
 * resolution ({@code @Scheduled(scheduler = ...)}, {@code SchedulingConfigurer}s), observations, error handling and
 * cancellation are all Spring's. Installed in place of Spring's by {@link ScheduledJobsAutoConfiguration}.
 */
final class RecordingScheduledAnnotationBeanPostProcessor extends ScheduledAnnotationBeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(RecordingScheduledAnnotationBeanPostProcessor.class);

    private static final boolean REACTIVE = ClassUtils.isPresent("org.reactivestreams.Publisher",
            RecordingScheduledAnnotationBeanPostProcessor.class.getClassLoader());

    private final ScheduledRuns runs = new ScheduledRuns();
    private final Map<String, ScheduledJob> jobs = new ConcurrentHashMap<>();
    private final ThreadLocal<String> beanName = new ThreadLocal<>();
    private ApplicationContext applicationContext;

    ScheduledRuns runs() {
        return runs;
    }

    /** The recorded jobs found so far: id to name. */
    Map<String, String> jobNames() {
        Map<String, String> names = new java.util.TreeMap<>();
        jobs.values().forEach(job -> names.put(job.id(), job.identity().name()));
        return names;
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        super.setApplicationContext(applicationContext);
        this.applicationContext = applicationContext;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        String outer = beanName.get();
        beanName.set(name);
        try {
            return super.postProcessAfterInitialization(bean, name);
        } finally {
            if (outer == null) {
                beanName.remove();
            } else {
                beanName.set(outer);
            }
        }
    }

    @Override
    public void onApplicationEvent(ApplicationContextEvent event) {
        if (event instanceof ContextRefreshedEvent && event.getApplicationContext() == applicationContext) {
            try {
                FailureHandling failureHandling = applicationContext.getEnvironment()
                        .getProperty("jobhistory.failure-handling", FailureHandling.class, FailureHandling.PROPAGATE);
                runs.use(applicationContext.getBeanProvider(JobExecutionRecorder.class).getIfUnique(), failureHandling);
            } catch (BeansException e) {
                log.warn("Could not get the JobExecutionRecorder; scheduled jobs run unrecorded", e);
            }
        }
        super.onApplicationEvent(event);
    }

    @Override
    protected void processScheduled(Scheduled scheduled, Method method, Object bean) {
        if (REACTIVE && returnsPublisher(method)) {
            log.info("@Scheduled method {}.{}() is reactive: Spring subscribes to it in a runnable of its own, so its "
                    + "runs are not recorded. Record them inside the method with JobExecutionRecorder.start(...)",
                    ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean)).getName(), method.getName());
        }
        super.processScheduled(scheduled, method, bean);
    }

    private static boolean returnsPublisher(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        return ReactiveAdapterRegistry.getSharedInstance().getAdapter(method.getReturnType()) != null
                || (parameters.length > 0
                    && parameters[parameters.length - 1].getName().equals("kotlin.coroutines.Continuation"));
    }

    @Override
    protected Runnable createRunnable(Object target, Method method, String qualifier) {
        Runnable runnable = super.createRunnable(target, method, qualifier);
        if (!(runnable instanceof ScheduledMethodRunnable scheduled)) {
            return runnable;
        }
        Class<?> userClass = ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(target));
        if (AnnotatedElementUtils.hasAnnotation(method, NotRecorded.class)
                || AnnotatedElementUtils.hasAnnotation(userClass, NotRecorded.class)) {
            return runnable;
        }
        ScheduledJob job = identify(userClass, method, beanName.get() == null ? userClass.getName() : beanName.get());
        ScheduledJob earlier = jobs.putIfAbsent(job.id(), job);
        if (earlier != null && !(earlier.beanName().equals(job.beanName()) && earlier.method().equals(job.method()))) {
            throw new IllegalStateException("Two @Scheduled methods would both be recorded as job '" + job.id() + "': "
                    + earlier.describe() + " and " + job.describe() + ". Give one of them its own id with "
                    + "@RecordedJob(id = \"...\", name = \"...\") (io.jobhistory.spring.boot.RecordedJob), "
                    + "or leave it out of the history with @NotRecorded");
        }
        return new RecordedMethodRunnable(scheduled, job, runs);
    }

    private static ScheduledJob identify(Class<?> userClass, Method method, String beanName) {
        RecordedJob named = AnnotatedElementUtils.findMergedAnnotation(method, RecordedJob.class);
        String id = named == null || named.id().isBlank()
                ? userClass.getSimpleName() + "." + method.getName() : named.id();
        String name = named == null || named.name().isBlank() ? id : named.name();
        try {
            return new ScheduledJob(JobIdentity.of(id, name), beanName, method);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("@RecordedJob on " + method.getDeclaringClass().getName() + "."
                    + method.getName() + "(): " + e.getMessage(), e);
        }
    }
}
