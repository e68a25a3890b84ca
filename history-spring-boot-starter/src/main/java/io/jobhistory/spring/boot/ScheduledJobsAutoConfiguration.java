package io.jobhistory.spring.boot;

import io.jobhistory.recorder.JobExecutionRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

import java.time.Duration;

/**
 * Records every {@code @Scheduled} method of an application that uses {@code @EnableScheduling}: Spring's
 * {@link ScheduledAnnotationBeanPostProcessor} is replaced by a subclass whose only change is that each method's
 * runnable runs inside a recorded run. Off with {@code jobhistory.scheduled.enabled=false}.
 */
@AutoConfiguration(after = JobHistoryAutoConfiguration.class)
@ConditionalOnClass(ScheduledAnnotationBeanPostProcessor.class)
@ConditionalOnProperty(prefix = "jobhistory.scheduled", name = "enabled", havingValue = "true", matchIfMissing = true)
public class ScheduledJobsAutoConfiguration {

    static final String SPRING_CONFIGURATION = "org.springframework.scheduling.annotation.SchedulingConfiguration";

    /**
     * The name of Spring's post-processor bean, read at run time: the constant differs between Spring Framework 6
     * and 7, and the compiler would otherwise copy 7's value into this class.
     */
    static String processorBeanName() {
        try {
            return (String) TaskManagementConfigUtils.class.getField("SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME").get(null);
        } catch (ReflectiveOperationException e) {
            return TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME;
        }
    }

    /** Installs the recording post-processor in place of Spring's, before any bean is created. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static BeanDefinitionRegistryPostProcessor jobHistoryScheduledAnnotationProcessorSwap() {
        return new ProcessorSwap();
    }

    /** Waits, when the application closes, for recorded runs in flight, before the recorder and registry close. */
    @Bean
    ScheduledRunsShutdown jobHistoryScheduledRunsShutdown(ApplicationContext context,
            ObjectProvider<JobExecutionRecorder> recorder, JobHistoryProperties properties) {
        recorder.getIfAvailable();  // the recorder (and its registry) close after this bean
        return new ScheduledRunsShutdown(context, properties.getShutdownWait());
    }

    static final class ProcessorSwap implements BeanDefinitionRegistryPostProcessor {

        private static final Logger log = LoggerFactory.getLogger(ScheduledJobsAutoConfiguration.class);

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            String name = processorBeanName();
            if (!registry.containsBeanDefinition(name)) {
                return;  // no @EnableScheduling: nothing to record
            }
            BeanDefinition existing = registry.getBeanDefinition(name);
            boolean springsOwn = "scheduledAnnotationProcessor".equals(existing.getFactoryMethodName())
                    && (SPRING_CONFIGURATION.equals(existing.getFactoryBeanName())
                        || SPRING_CONFIGURATION.equals(existing.getBeanClassName()))
                    || ScheduledAnnotationBeanPostProcessor.class.getName().equals(existing.getBeanClassName());
            if (!springsOwn) {
                log.warn("@Scheduled methods are not recorded: bean '{}' is not Spring's own "
                        + "ScheduledAnnotationBeanPostProcessor but {}", name, existing);
                return;
            }
            RootBeanDefinition recording = new RootBeanDefinition(RecordingScheduledAnnotationBeanPostProcessor.class);
            recording.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            recording.setSource(existing.getSource());
            registry.removeBeanDefinition(name);
            registry.registerBeanDefinition(name, recording);
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        }
    }

    static final class ScheduledRunsShutdown implements DisposableBean {

        private static final Logger log = LoggerFactory.getLogger(ScheduledRunsShutdown.class);

        private final ScheduledRuns runs;
        private final Duration wait;

        ScheduledRunsShutdown(ApplicationContext context, Duration wait) {
            String name = processorBeanName();
            Object processor = context.containsBean(name) ? context.getBean(name) : null;
            this.runs = processor instanceof RecordingScheduledAnnotationBeanPostProcessor recording
                    ? recording.runs() : null;
            this.wait = wait;
        }

        @Override
        public void destroy() {
            if (runs != null && !runs.awaitIdle(wait)) {
                log.warn("{} recorded scheduled run(s) still running after waiting {} at shutdown; they stay "
                        + "'running' until they end, or read as abandoned once their heartbeat deadline passes",
                        runs.inFlight(), wait);
            }
        }
    }
}
