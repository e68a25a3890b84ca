package io.jobhistory.examples.docstubs;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.sun.net.httpserver.HttpServer;
import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryPage;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.RunListener;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The names the Java blocks of README.md and docs/ use without declaring them: every block that is not a whole file
 * is compiled inside a subclass of this class. Never run, only compiled against.
 */
@SuppressWarnings("unused")
public abstract class DocStubs {
    protected ExecutionHistoryRegistry registry;
    protected ExecutionHistoryRegistry redisRegistry;
    protected JobExecutionRecorder recorder;
    protected ScheduledExecutorService scheduler;
    protected ScheduledExecutorService hostScheduler;
    protected Clock clock;
    protected String symbol;
    protected String jobId;
    protected List<String> jobIds;
    protected String executionId;
    protected String idDerivedFromTheSchedulersExecution;
    protected Throwable failureOrNull;
    protected ExecutionRecord executionRecord;
    protected List<ExecutionRecord> records;
    protected Instant yesterday;
    protected Instant today;
    protected Instant dueTime;
    protected HistoryPage previous;
    protected String hostName;
    protected RunListener myListener;
    protected String secret;
    protected HttpServer yourHttpServer;
    protected DataSource dataSource;
    protected OneTimeTask<Void> sendInvoice;
    protected RecurringTask<Void> fetchPrices;

    protected static void fetch(String item) throws IOException {
    }

    protected void cleanUp() {
    }

    protected int importRows() {
        return 0;
    }

    protected boolean tryLock(String name) {
        return true;
    }

    protected void unlock(String name) {
    }
}
