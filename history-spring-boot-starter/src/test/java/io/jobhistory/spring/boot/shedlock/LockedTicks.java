package io.jobhistory.spring.boot.shedlock;

import io.jobhistory.recorder.RunContext;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code @Scheduled} method guarded by ShedLock, every second on the second, so that the ticks of several
 * instances fall together. Each real execution appends a row to table {@code executions} of the shared database (its
 * sequence number, execution id, node and second), and every third execution fails.
 */
public class LockedTicks {

    static final String JOB = "LockedTicks.tick";
    static final String LOCK = "locked-tick";

    private final AtomicInteger executions = new AtomicInteger();

    private final JdbcTemplate jdbc;
    private final String node;

    LockedTicks(DataSource dataSource, @Value("${jobhistory.node}") String node) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.node = node;
    }

    @Scheduled(cron = "* * * * * *")
    @SchedulerLock(name = LOCK, lockAtMostFor = "PT1M", lockAtLeastFor = "PT0.5S")
    public void tick() {
        long second = Instant.now().getEpochSecond(); // as the lock was taken, before the database calls below
        executions.incrementAndGet();
        String executionId = RunContext.current().orElseThrow().executionId();
        int seq = jdbc.queryForObject("SELECT COUNT(*) FROM executions", Integer.class) + 1;
        boolean fails = seq % 3 == 0;
        jdbc.update("INSERT INTO executions (seq, execution_id, node, tick_second, failed) VALUES (?, ?, ?, ?, ?)",
                seq, executionId, node, second, fails);
        if (fails) {
            throw new IllegalStateException("execution " + seq + " fails, as every third does");
        }
    }

    /** How many times the method body ran in this instance (read through the ShedLock proxy). */
    public int executions() {
        return executions.get();
    }

    /** Creates ShedLock's table and the executions table in the database at {@code dataSource}. */
    static void createTables(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE shedlock (name VARCHAR(64) NOT NULL PRIMARY KEY, lock_until TIMESTAMP(3) NOT NULL, "
                + "locked_at TIMESTAMP(3) NOT NULL, locked_by VARCHAR(255) NOT NULL)");
        jdbc.execute("CREATE TABLE executions (seq INT NOT NULL PRIMARY KEY, execution_id VARCHAR(64) NOT NULL, "
                + "node VARCHAR(64) NOT NULL, tick_second BIGINT NOT NULL, failed BOOLEAN NOT NULL)");
    }
}
