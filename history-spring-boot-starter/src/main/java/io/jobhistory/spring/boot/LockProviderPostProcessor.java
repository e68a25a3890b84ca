package io.jobhistory.spring.boot;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

/**
 * Advises every ShedLock {@link LockProvider} bean with {@link LockNotAcquired}, so that a recorded run whose lock is
 * not acquired is no run. The bean keeps its class (a subclass proxy) and every interface it has, such as
 * {@code ExtensibleLockProvider}; a final or hidden class (a lambda) keeps its interfaces. A bean that is already a
 * Spring AOP proxy gets the advice added in front of its own.
 */
final class LockProviderPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    private static final long serialVersionUID = 1L;

    LockProviderPostProcessor() {
        this.advisor = new DefaultPointcutAdvisor(new LockMethod(), new LockNotAcquired());
        setBeforeExistingAdvisors(true);
    }

    @Override
    protected ProxyFactory prepareProxyFactory(Object bean, String beanName) {
        ProxyFactory factory = super.prepareProxyFactory(bean, beanName);
        factory.setProxyTargetClass(subclassable(bean.getClass()));
        return factory;
    }

    /** Whether a subclass proxy of {@code type} can intercept its {@code lock} method. */
    static boolean subclassable(Class<?> type) {
        if (Modifier.isFinal(type.getModifiers()) || type.isHidden() || type.isSynthetic()
                || Proxy.isProxyClass(type)) {
            return false;
        }
        try {
            Method lock = type.getMethod("lock", LockConfiguration.class);
            return !Modifier.isFinal(lock.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** {@code lock(LockConfiguration)} of a {@link LockProvider}. */
    private static final class LockMethod extends StaticMethodMatcherPointcut {

        LockMethod() {
            setClassFilter(LockProvider.class::isAssignableFrom);
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return method.getName().equals("lock") && method.getParameterCount() == 1
                    && method.getParameterTypes()[0] == LockConfiguration.class;
        }
    }
}
