package io.jobhistory.quartz;

import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.TriggerListenerSupport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * One node of a Quartz cluster (JDBC job store on PostgreSQL) in a JVM of its own, for {@link QuartzClusterTest},
 * recording into a shared Redis. Arguments: JDBC URL, Redis URL, instance id, {@code veto} or {@code run} (whether
 * a trigger listener of this node vetoes every fire). Prints {@code READY}, then reads one command a line from
 * standard input and answers {@code OK} when it is done: {@code add-job NAME} (a durable job), {@code start},
 * {@code standby} (acquires no trigger), {@code trigger NAME} (fire the job now), {@code quit}.
 */
public final class ClusterNodeMain {

    public static void main(String[] args) throws Exception {
        String node = args[2];
        Properties p = QuartzFixture.base(2);
        p.setProperty("org.quartz.scheduler.instanceName", "cluster-test");
        p.setProperty("org.quartz.scheduler.instanceId", node);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        p.setProperty("org.quartz.jobStore.dataSource", "db");
        p.setProperty("org.quartz.dataSource.db.connectionProvider.class", PostgresConnectionProvider.class.getName());
        p.setProperty("org.quartz.dataSource.db.url", args[0]);
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        // the recorder's own node is another name: runs and skips must carry the scheduler's instance id
        try (RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(args[1]);
             JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).node("recorder-" + node)
                     .build()) {
            QuartzHistory.register(scheduler, recorder);
            if (args[3].equals("veto")) {
                scheduler.getListenerManager().addTriggerListener(new Vetoes(node));
            }
            System.out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] command = line.split(" ");
                switch (command[0]) {
                    case "add-job" -> scheduler.addJob(JobBuilder.newJob(QuartzHistoryTest.Succeeds.class)
                            .withIdentity(JobKey.jobKey(command[1], "cluster")).storeDurably().build(), true);
                    case "start" -> scheduler.start();
                    case "standby" -> scheduler.standby();
                    case "trigger" -> scheduler.triggerJob(JobKey.jobKey(command[1], "cluster"));
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
                System.out.println("OK");
            }
            scheduler.shutdown(true);
        }
    }

    /** Vetoes every fire, with the node in the reason. */
    private static final class Vetoes extends TriggerListenerSupport {
        private final String node;

        Vetoes(String node) {
            this.node = node;
        }

        @Override
        public String getName() {
            return "vetoes";
        }

        @Override
        public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
            context.put(QuartzHistory.VETO_REASON, "maintenance on " + node);
            return true;
        }
    }
}
