package io.jobhistory.recorder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Captures the recorder's log lines at DEBUG and above while open. */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger recorderLog = (Logger) LoggerFactory.getLogger(JobExecutionRecorder.class);

    LogCapture() {
        logs.start();
        recorderLog.addAppender(logs);
        recorderLog.setLevel(Level.DEBUG);
        recorderLog.setAdditive(false);
    }

    List<String> at(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        recorderLog.detachAppender(logs);
        recorderLog.setLevel(null);
        recorderLog.setAdditive(true);
    }
}
