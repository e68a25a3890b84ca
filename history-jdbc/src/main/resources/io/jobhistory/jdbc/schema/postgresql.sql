-- jobhistory schema for PostgreSQL 13+ (history-jdbc). Replace ${jobhistory_prefix} with the registry's table prefix
-- (default jobhistory_); Flyway and Liquibase substitute it as a placeholder. Idempotent: every statement is IF NOT EXISTS.
-- Keys are the SHA-256 of the id's UTF-8 form, so ids of any length index alike; times are epoch milliseconds.

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}runs (
    exec_key        bytea        NOT NULL PRIMARY KEY,
    execution_id    text COLLATE "C" NOT NULL,
    job_key         bytea        NOT NULL,
    job_id          text         NOT NULL,
    start_millis    bigint       NOT NULL,
    status          varchar(16)  NOT NULL,
    deadline_millis bigint,
    finished        boolean      NOT NULL,
    in_cap          boolean      NOT NULL,
    expires_at      bigint       NOT NULL,
    record          text         NOT NULL
);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}runs_job ON ${jobhistory_prefix}runs (job_key, start_millis);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}runs_expiry ON ${jobhistory_prefix}runs (expires_at);

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}jobs (
    job_key                 bytea   NOT NULL PRIMARY KEY,
    job_id                  text    NOT NULL,
    job_name                text,
    last_run                text,
    last_error              text,
    last_error_execution_id text,
    last_error_start_millis bigint,
    last_success_millis     bigint,
    last_failure_millis     bigint,
    n_success               bigint  NOT NULL DEFAULT 0,
    n_partial               bigint  NOT NULL DEFAULT 0,
    n_failed                bigint  NOT NULL DEFAULT 0,
    n_skipped               bigint  NOT NULL DEFAULT 0,
    expires_at              bigint  NOT NULL
);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}jobs_expiry ON ${jobhistory_prefix}jobs (expires_at);

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}statistics (
    job_key      bytea        NOT NULL,
    granularity  char(1)      NOT NULL,
    period_start bigint       NOT NULL,
    n_success    bigint       NOT NULL,
    n_partial    bigint       NOT NULL,
    n_failed     bigint       NOT NULL,
    n_skipped    bigint       NOT NULL,
    total_millis bigint       NOT NULL,
    max_millis   bigint       NOT NULL,
    histogram    varchar(255) NOT NULL,
    expires_at   bigint       NOT NULL,
    PRIMARY KEY (job_key, granularity, period_start)
);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}statistics_expiry ON ${jobhistory_prefix}statistics (expires_at);
