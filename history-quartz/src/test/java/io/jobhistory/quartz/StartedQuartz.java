package io.jobhistory.quartz;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.quartz.SchedulerException;

/** For tests that each need a started RAMJobStore scheduler ({@link QuartzFixture#ram()}), closed after the test. */
abstract class StartedQuartz {

    QuartzFixture quartz;
    /** Keeps this test's job, trigger and latch names apart from every other test's. */
    final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void startQuartz() throws SchedulerException {
        quartz = QuartzFixture.ram();
        quartz.scheduler.start();
    }

    @AfterEach
    void stopQuartz() throws SchedulerException {
        quartz.close();
    }
}
