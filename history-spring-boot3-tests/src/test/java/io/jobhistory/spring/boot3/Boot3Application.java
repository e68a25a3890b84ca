package io.jobhistory.spring.boot3;

import io.jobhistory.spring.boot.RecordedJob;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A Boot 3 application with a few @Scheduled jobs. */
@SpringBootApplication
@EnableScheduling
public class Boot3Application {

    @Component
    public static class Jobs {

        @Scheduled(fixedRate = 50)
        void fixedRate() {
        }

        @Scheduled(cron = "* * * * * *")
        @RecordedJob(id = "daily-aapl", name = "Daily AAPL")
        void annotated() {
        }

        @Scheduled(fixedDelay = 50)
        void failing() {
            throw new IllegalStateException("boom");
        }
    }
}
