package io.jobhistory.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.List;

/** Matches when the application configures Redis through any of Spring's {@code spring.data.redis.*} properties. */
class SpringDataRedisCondition extends SpringBootCondition {

    static final String PREFIX = "spring.data.redis.";
    private static final List<String> KEYS = List.of("url", "host", "port", "username", "password", "database",
            "client-name", "ssl.enabled", "ssl.bundle", "cluster.nodes", "sentinel.master", "sentinel.nodes");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String key = firstConfigured(context.getEnvironment());
        return key == null ? ConditionOutcome.noMatch("no spring.data.redis.* property is set")
                : ConditionOutcome.match(PREFIX + key + " is set");
    }

    static boolean configured(Environment environment) {
        return firstConfigured(environment) != null;
    }

    private static String firstConfigured(Environment environment) {
        Binder binder = Binder.get(environment);
        for (String key : KEYS) {
            if (binder.bind(PREFIX + key, Bindable.of(String.class)).isBound()) {
                return key;
            }
        }
        return null;
    }
}
