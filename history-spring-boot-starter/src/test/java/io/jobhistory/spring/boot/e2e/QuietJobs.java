package io.jobhistory.spring.boot.e2e;

import io.jobhistory.spring.boot.NotRecorded;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicInteger;

/** A class opted out as a whole. */
@Component
@NotRecorded
public class QuietJobs {

    public final AtomicInteger runs = new AtomicInteger();

    @Scheduled(fixedRate = 50)
    void tick() {
        runs.incrementAndGet();
    }
}
