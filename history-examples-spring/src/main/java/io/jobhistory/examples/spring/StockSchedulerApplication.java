package io.jobhistory.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The seed's stock scheduler as a Spring Boot application: plain {@code @Scheduled} methods, recorded by
 * {@code history-spring-boot-starter} with no code of their own. In memory by default; set
 * {@code JOBHISTORY_REDIS_URL=redis://localhost:6379} to record into Redis.
 *
 * <pre>mvn -q -pl history-examples-spring -am compile exec:java</pre>
 */
@SpringBootApplication
@EnableScheduling
public class StockSchedulerApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(StockSchedulerApplication.class, args);
    }
}
