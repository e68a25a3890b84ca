package io.jobhistory.spring.boot;

import io.jobhistory.JobRetention;
import io.jobhistory.recorder.FailureHandling;
import io.jobhistory.recorder.NotRunHandling;
import io.jobhistory.recorder.RecordLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code jobhistory.*} settings of the Spring Boot starter. Every setter checks its value at once, so a bad
 * value fails startup with a message that names the property and the value. The table of them all:
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/spring-boot.md#properties">docs/spring-boot.md</a>.
 */
@ConfigurationProperties("jobhistory")
public class JobHistoryProperties {

    /** Runs kept per job; older ones are dropped. */
    private int maxRunsPerJob = 100;

    /** How long a run is kept after its last save. */
    private Duration timeToLive = Duration.ofDays(30);

    /** Failed runs kept per job beyond max-runs-per-job, so failures outlast the successes after them. */
    private int maxFailuresPerJob = 100;

    /** Retention of single jobs, by job id: jobhistory.jobs[<job id>].max-runs, .max-failures, .time-to-live. */
    private Map<String, JobRetentionProperties> jobs = new LinkedHashMap<>();

    /** How often a running record is renewed; a run whose renewals stop reads as abandoned after three intervals. 0 turns heartbeats off. */
    private Duration heartbeatInterval = Duration.ofSeconds(30);

    /**
     * What a recorded job's exception does after it is recorded: PROPAGATE hands it on to Spring's own error
     * handling (unchanged behaviour), SUPPRESS swallows it.
     */
    private FailureHandling failureHandling = FailureHandling.PROPAGATE;

    /** Whether each run records the host name in its "host" attribute. */
    private boolean hostAttribute = true;

    /**
     * This instance's name, stored in every run's "node" attribute, so the runs of several instances can be told
     * apart. Unset: the host name.
     */
    private String node;

    /** Extra attributes added to every run, such as the application or region. */
    private Map<String, String> attributes = new LinkedHashMap<>();

    /** How long closing the application waits for recorded runs in flight to finish and be recorded. */
    private Duration shutdownWait = Duration.ofSeconds(10);

    private final Limits limits = new Limits();

    private final WriteBehind writeBehind = new WriteBehind();

    private final Redis redis = new Redis();

    private final Scheduled scheduled = new Scheduled();

    private final Web web = new Web();

    private final Metrics metrics = new Metrics();

    private final DbScheduler dbScheduler = new DbScheduler();

    private final NotRun notRun = new NotRun();

    private final ShedLock shedlock = new ShedLock();

    /** {@code jobhistory.max-runs-per-job}. */
    public int getMaxRunsPerJob() {
        return maxRunsPerJob;
    }

    /** Sets {@code jobhistory.max-runs-per-job}, checked at once. */
    public void setMaxRunsPerJob(int maxRunsPerJob) {
        require(maxRunsPerJob >= 1, "jobhistory.max-runs-per-job", maxRunsPerJob, "must be at least 1");
        this.maxRunsPerJob = maxRunsPerJob;
    }

    /** {@code jobhistory.time-to-live}. */
    public Duration getTimeToLive() {
        return timeToLive;
    }

    /** Sets {@code jobhistory.time-to-live}, checked at once. */
    public void setTimeToLive(Duration timeToLive) {
        require(timeToLive != null && timeToLive.compareTo(Duration.ofMillis(1)) >= 0, "jobhistory.time-to-live",
                timeToLive, "must be positive (at least 1ms)");
        this.timeToLive = timeToLive;
    }

    /** {@code jobhistory.max-failures-per-job}. */
    public int getMaxFailuresPerJob() {
        return maxFailuresPerJob;
    }

    /** Sets {@code jobhistory.max-failures-per-job}, checked at once. */
    public void setMaxFailuresPerJob(int maxFailuresPerJob) {
        require(maxFailuresPerJob >= 0, "jobhistory.max-failures-per-job", maxFailuresPerJob, "must be 0 or more");
        this.maxFailuresPerJob = maxFailuresPerJob;
    }

    /** {@code jobhistory.jobs}: retention of single jobs, by job id. */
    public Map<String, JobRetentionProperties> getJobs() {
        return jobs;
    }

    /** Sets {@code jobhistory.jobs}. */
    public void setJobs(Map<String, JobRetentionProperties> jobs) {
        this.jobs = jobs;
    }

    /**
     * The retention of each job: its {@code jobhistory.jobs[<job id>]} settings where given, else the
     * {@code jobhistory.*} ones.
     *
     * @throws IllegalArgumentException at startup if a job's settings are out of range, naming the property
     */
    public Function<String, JobRetention> retention() {
        JobRetention all = new JobRetention(maxRunsPerJob, maxFailuresPerJob, timeToLive);
        Map<String, JobRetention> byJob = new LinkedHashMap<>();
        jobs.forEach((jobId, settings) -> byJob.put(jobId, settings.toRetention(jobId, all)));
        return jobId -> byJob.getOrDefault(jobId, all);
    }

    /** {@code jobhistory.heartbeat-interval}. */
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    /** Sets {@code jobhistory.heartbeat-interval}, checked at once. */
    public void setHeartbeatInterval(Duration heartbeatInterval) {
        require(heartbeatInterval != null && !heartbeatInterval.isNegative(), "jobhistory.heartbeat-interval",
                heartbeatInterval, "must be zero (off) or positive");
        this.heartbeatInterval = heartbeatInterval;
    }

    /** {@code jobhistory.failure-handling}. */
    public FailureHandling getFailureHandling() {
        return failureHandling;
    }

    /** Sets {@code jobhistory.failure-handling}, checked at once. */
    public void setFailureHandling(FailureHandling failureHandling) {
        require(failureHandling != null, "jobhistory.failure-handling", null, "must be PROPAGATE or SUPPRESS");
        this.failureHandling = failureHandling;
    }

    /** {@code jobhistory.host-attribute}. */
    public boolean isHostAttribute() {
        return hostAttribute;
    }

    /** Sets {@code jobhistory.host-attribute}, checked at once. */
    public void setHostAttribute(boolean hostAttribute) {
        this.hostAttribute = hostAttribute;
    }

    /** {@code jobhistory.node}; null when unset (then the host name). */
    public String getNode() {
        return node;
    }

    /** Sets {@code jobhistory.node}, checked at once. */
    public void setNode(String node) {
        require(node != null && !node.isBlank(), "jobhistory.node", node, "must not be blank");
        this.node = node;
    }

    public Map<String, String> getAttributes() {
        return attributes;
    }

    /** Sets {@code jobhistory.attributes}, checked at once. */
    public void setAttributes(Map<String, String> attributes) {
        this.attributes = attributes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(attributes);
    }

    /** {@code jobhistory.shutdown-wait}. */
    public Duration getShutdownWait() {
        return shutdownWait;
    }

    /** Sets {@code jobhistory.shutdown-wait}, checked at once. */
    public void setShutdownWait(Duration shutdownWait) {
        require(shutdownWait != null && !shutdownWait.isNegative(), "jobhistory.shutdown-wait", shutdownWait,
                "must be zero or positive");
        this.shutdownWait = shutdownWait;
    }

    /** The {@code jobhistory.limits.*} settings. */
    public Limits getLimits() {
        return limits;
    }

    /** The {@code jobhistory.write-behind.*} settings. */
    public WriteBehind getWriteBehind() {
        return writeBehind;
    }

    /** The {@code jobhistory.redis.*} settings. */
    public Redis getRedis() {
        return redis;
    }

    /** The {@code jobhistory.scheduled.*} settings. */
    public Scheduled getScheduled() {
        return scheduled;
    }

    /** The {@code jobhistory.web.*} settings. */
    public Web getWeb() {
        return web;
    }

    /** The {@code jobhistory.metrics.*} settings. */
    public Metrics getMetrics() {
        return metrics;
    }

    /** The {@code jobhistory.db-scheduler.*} settings. */
    public DbScheduler getDbScheduler() {
        return dbScheduler;
    }

    /** The {@code jobhistory.not-run.*} settings. */
    public NotRun getNotRun() {
        return notRun;
    }

    /** The {@code jobhistory.shedlock.*} settings. */
    public ShedLock getShedlock() {
        return shedlock;
    }

    /** Bounds on what one run records; more is truncated with a visible marker, never rejected. */
    public static class Limits {

        /** Longest error message kept, in characters. */
        private int maxErrorLength = 2000;

        /** Most error messages kept per run. */
        private int maxErrors = 100;

        /** Most items kept per list (succeeded, failed) per run. */
        private int maxItems = 10000;

        /** Most stack trace lines kept for a job's exception. */
        private int maxStackTraceLines = 50;

        /** {@code jobhistory.limits.max-error-length}. */
        public int getMaxErrorLength() {
            return maxErrorLength;
        }

        /** Sets {@code jobhistory.limits.max-error-length}, checked at once. */
        public void setMaxErrorLength(int maxErrorLength) {
            require(maxErrorLength >= 1, "jobhistory.limits.max-error-length", maxErrorLength, "must be at least 1");
            this.maxErrorLength = maxErrorLength;
        }

        /** {@code jobhistory.limits.max-errors}. */
        public int getMaxErrors() {
            return maxErrors;
        }

        /** Sets {@code jobhistory.limits.max-errors}, checked at once. */
        public void setMaxErrors(int maxErrors) {
            require(maxErrors >= 0, "jobhistory.limits.max-errors", maxErrors, "must be zero or positive");
            this.maxErrors = maxErrors;
        }

        /** {@code jobhistory.limits.max-items}. */
        public int getMaxItems() {
            return maxItems;
        }

        /** Sets {@code jobhistory.limits.max-items}, checked at once. */
        public void setMaxItems(int maxItems) {
            require(maxItems >= 0, "jobhistory.limits.max-items", maxItems, "must be zero or positive");
            this.maxItems = maxItems;
        }

        /** {@code jobhistory.limits.max-stack-trace-lines}. */
        public int getMaxStackTraceLines() {
            return maxStackTraceLines;
        }

        /** Sets {@code jobhistory.limits.max-stack-trace-lines}, checked at once. */
        public void setMaxStackTraceLines(int maxStackTraceLines) {
            require(maxStackTraceLines >= 0, "jobhistory.limits.max-stack-trace-lines", maxStackTraceLines,
                    "must be zero or positive");
            this.maxStackTraceLines = maxStackTraceLines;
        }

        RecordLimits toRecordLimits() {
            return RecordLimits.builder().maxErrorLength(maxErrorLength).maxErrors(maxErrors).maxItems(maxItems)
                    .maxStackTraceLines(maxStackTraceLines).build();
        }
    }

    /**
     * Write-behind: the job's thread only queues its records and one writer thread saves them in batches, so a slow or
     * unreachable store never slows a job down; what the queue cannot hold is dropped and counted.
     */
    public static class WriteBehind {

        /**
         * Whether records are queued and written by a background writer instead of on the job's thread. Unset: on
         * when the registry does I/O (Redis), off in memory.
         */
        private Boolean enabled;

        /** Records the queue holds at most; more are dropped and counted. */
        private int capacity = 10000;

        /** Records written in one batch at most. */
        private int maxBatchSize = 100;

        /** How long the writer waits for more records before writing a batch that is not full. */
        private Duration linger = Duration.ofMillis(10);

        /** How long closing the application waits for queued records to be written. */
        private Duration closeTimeout = Duration.ofSeconds(10);

        /** {@code jobhistory.write-behind.enabled}; null when unset (then on whenever the registry does I/O). */
        public Boolean getEnabled() {
            return enabled;
        }

        /** Sets {@code jobhistory.write-behind.enabled}. */
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        /** {@code jobhistory.write-behind.capacity}. */
        public int getCapacity() {
            return capacity;
        }

        /** Sets {@code jobhistory.write-behind.capacity}, checked at once. */
        public void setCapacity(int capacity) {
            require(capacity >= 1, "jobhistory.write-behind.capacity", capacity, "must be at least 1");
            this.capacity = capacity;
        }

        /** {@code jobhistory.write-behind.max-batch-size}. */
        public int getMaxBatchSize() {
            return maxBatchSize;
        }

        /** Sets {@code jobhistory.write-behind.max-batch-size}, checked at once. */
        public void setMaxBatchSize(int maxBatchSize) {
            require(maxBatchSize >= 1, "jobhistory.write-behind.max-batch-size", maxBatchSize, "must be at least 1");
            this.maxBatchSize = maxBatchSize;
        }

        /** {@code jobhistory.write-behind.linger}. */
        public Duration getLinger() {
            return linger;
        }

        /** Sets {@code jobhistory.write-behind.linger}, checked at once. */
        public void setLinger(Duration linger) {
            require(linger != null && !linger.isNegative(), "jobhistory.write-behind.linger", linger,
                    "must be zero or positive");
            this.linger = linger;
        }

        /** {@code jobhistory.write-behind.close-timeout}. */
        public Duration getCloseTimeout() {
            return closeTimeout;
        }

        /** Sets {@code jobhistory.write-behind.close-timeout}, checked at once. */
        public void setCloseTimeout(Duration closeTimeout) {
            require(closeTimeout != null && !closeTimeout.isNegative(), "jobhistory.write-behind.close-timeout",
                    closeTimeout, "must be zero or positive");
            this.closeTimeout = closeTimeout;
        }

        io.jobhistory.recorder.WriteBehind toWriteBehind() {
            return io.jobhistory.recorder.WriteBehind.builder().capacity(capacity).maxBatchSize(maxBatchSize)
                    .linger(linger).closeTimeout(closeTimeout).build();
        }
    }

    /** Redis storage. Used when {@code url} is set, or when the application configures {@code spring.data.redis.*} or has a {@code UnifiedJedis} bean. */
    public static class Redis {

        /** Redis to record into, such as redis://user:secret@redis:6379/0 or rediss://... for TLS. Takes precedence over spring.data.redis.* and a UnifiedJedis bean. */
        private String url;

        /** Prefix of every key this library writes. */
        private String keyPrefix = "scheduler";

        /** {@code jobhistory.redis.url}. */
        public String getUrl() {
            return url;
        }

        /** Sets {@code jobhistory.redis.url}, checked at once. */
        public void setUrl(String url) {
            if (url != null && !url.isBlank()) {
                checkRedisUrl(url);
            }
            this.url = url == null || url.isBlank() ? null : url.strip();
        }

        /** {@code jobhistory.redis.key-prefix}. */
        public String getKeyPrefix() {
            return keyPrefix;
        }

        /** Sets {@code jobhistory.redis.key-prefix}, checked at once. */
        public void setKeyPrefix(String keyPrefix) {
            require(keyPrefix != null && !keyPrefix.isBlank(), "jobhistory.redis.key-prefix", keyPrefix,
                    "must not be blank");
            require(keyPrefix.indexOf('{') < 0 && keyPrefix.indexOf('}') < 0, "jobhistory.redis.key-prefix", keyPrefix,
                    "must not contain braces (a Redis Cluster hash tag)");
            this.keyPrefix = keyPrefix;
        }

        private static void checkRedisUrl(String url) {
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw bad("jobhistory.redis.url", redact(url), "is not a URI (" + e.getReason()
                        + "); expected redis://[user:password@]host[:port][/database] or rediss://...");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            require(scheme.equals("redis") || scheme.equals("rediss"), "jobhistory.redis.url", redact(url),
                    "must start with redis:// or rediss://");
            require(uri.getHost() != null && !uri.getHost().isEmpty(), "jobhistory.redis.url", redact(url),
                    "has no host; expected redis://[user:password@]host[:port][/database]");
        }

        /** The URL with any password replaced, for messages. */
        static String redact(String url) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            if (at < 0 || scheme < 0 || at < scheme) {
                return url;
            }
            String userInfo = url.substring(scheme + 3, at);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : userInfo.substring(0, colon);
            return url.substring(0, scheme + 3) + user + ":****" + url.substring(at);
        }
    }

    /** Recording of {@code @Scheduled} methods. */
    public static class Scheduled {

        /** Whether every @Scheduled method is recorded. */
        private boolean enabled = true;

        /** {@code jobhistory.scheduled.enabled}. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@code jobhistory.scheduled.enabled}, checked at once. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The read-only JSON API and dashboard, mounted in Spring MVC. */
    public static class Web {

        /** Whether the JSON API and dashboard are served (needs Spring MVC). */
        private boolean enabled = false;

        /** Path under which the API and dashboard are served. */
        private String basePath = "/jobhistory";

        /** {@code jobhistory.web.enabled}. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@code jobhistory.web.enabled}, checked at once. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@code jobhistory.web.base-path}. */
        public String getBasePath() {
            return basePath;
        }

        /** Sets {@code jobhistory.web.base-path}, checked at once. */
        public void setBasePath(String basePath) {
            require(basePath != null && basePath.startsWith("/") && basePath.length() > 1 && !basePath.endsWith("/")
                            && basePath.chars().noneMatch(c -> c == '*' || c == '{' || c == '}' || c == '?' || Character.isWhitespace(c)),
                    "jobhistory.web.base-path", basePath,
                    "must start with '/', not end with '/', and hold no spaces, '*', '?' or braces (such as /scheduler)");
            this.basePath = basePath;
        }
    }

    /** Micrometer meters. */
    public static class Metrics {

        /** Whether runs are counted and timed in the application's MeterRegistry. */
        private boolean enabled = true;

        /** {@code jobhistory.metrics.enabled}. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@code jobhistory.metrics.enabled}, checked at once. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Recording of db-scheduler executions, with db-scheduler's Spring Boot starter and history-db-scheduler. */
    public static class DbScheduler {

        /** Whether every db-scheduler execution is recorded. */
        private boolean enabled = true;

        /** {@code jobhistory.db-scheduler.enabled}. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@code jobhistory.db-scheduler.enabled}, checked at once. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Runs that said they did not happen, such as a tick whose lock another instance held. */
    public static class NotRun {

        /**
         * What is kept of a run that did not happen: FORGET keeps nothing (it is only counted), RECORD_SKIPPED keeps a
         * skipped record with the reason, coalesced with the job's other consecutive skips.
         */
        private NotRunHandling handling = NotRunHandling.FORGET;

        /** {@code jobhistory.not-run.handling}. */
        public NotRunHandling getHandling() {
            return handling;
        }

        /** Sets {@code jobhistory.not-run.handling}, checked at once. */
        public void setHandling(NotRunHandling handling) {
            require(handling != null, "jobhistory.not-run.handling", null, "must be FORGET or RECORD_SKIPPED");
            this.handling = handling;
        }
    }

    /** ShedLock: a recorded run whose lock another instance holds is no run. */
    public static class ShedLock {

        /** Whether a recorded run whose ShedLock lock was not acquired is marked as not run (needs ShedLock). */
        private boolean enabled = true;

        /** {@code jobhistory.shedlock.enabled}. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets {@code jobhistory.shedlock.enabled}. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** One job's {@code jobhistory.jobs[<job id>].*} settings; each unset one is the {@code jobhistory.*} one. */
    public static class JobRetentionProperties {

        /** Runs kept for this job. Unset: jobhistory.max-runs-per-job. */
        private Integer maxRuns;

        /** Failed runs kept for this job beyond max-runs. Unset: jobhistory.max-failures-per-job. */
        private Integer maxFailures;

        /** How long this job's runs are kept after their last save. Unset: jobhistory.time-to-live. */
        private Duration timeToLive;

        public Integer getMaxRuns() {
            return maxRuns;
        }

        public void setMaxRuns(Integer maxRuns) {
            this.maxRuns = maxRuns;
        }

        public Integer getMaxFailures() {
            return maxFailures;
        }

        public void setMaxFailures(Integer maxFailures) {
            this.maxFailures = maxFailures;
        }

        public Duration getTimeToLive() {
            return timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }

        JobRetention toRetention(String jobId, JobRetention defaults) {
            try {
                return new JobRetention(maxRuns != null ? maxRuns : defaults.maxRuns(),
                        maxFailures != null ? maxFailures : defaults.maxFailures(),
                        timeToLive != null ? timeToLive : defaults.timeToLive());
            } catch (IllegalArgumentException | NullPointerException e) {
                // no cause: the message is whole, and startup's failure analysis reports the root cause
                throw new IllegalArgumentException("jobhistory.jobs[" + jobId + "]: " + e.getMessage());
            }
        }
    }

    private static void require(boolean ok, String property, Object value, String rule) {
        if (!ok) {
            throw bad(property, value, rule);
        }
    }

    private static IllegalArgumentException bad(String property, Object value, String rule) {
        return new IllegalArgumentException(property + " " + rule + ", but was '" + value + "'");
    }
}
