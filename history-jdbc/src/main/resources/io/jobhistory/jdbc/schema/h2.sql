-- jobhistory schema for H2 2.x (history-jdbc). Replace ${jobhistory_prefix} with the registry's table prefix
-- (default jobhistory_); Flyway and Liquibase substitute it as a placeholder. Idempotent: every statement is IF NOT EXISTS.
-- Keys are the SHA-256 of the id's UTF-8 form, so ids of any length index alike; times are epoch milliseconds.

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}runs (
    exec_key        BINARY(32)   NOT NULL PRIMARY KEY,
    execution_id    VARCHAR(1000000) NOT NULL,
    job_key         BINARY(32)   NOT NULL,
    job_id          CLOB         NOT NULL,
    start_millis    BIGINT       NOT NULL,
    status          varchar(16)  NOT NULL,
    deadline_millis BIGINT,
    finished        BOOLEAN      NOT NULL,
    in_cap          BOOLEAN      NOT NULL,
    expires_at      BIGINT       NOT NULL,
    record          CLOB         NOT NULL
);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}runs_job ON ${jobhistory_prefix}runs (job_key, start_millis);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}runs_expiry ON ${jobhistory_prefix}runs (expires_at);

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}jobs (
    job_key                 BINARY(32) NOT NULL PRIMARY KEY,
    job_id                  CLOB    NOT NULL,
    job_name                CLOB,
    last_run                CLOB,
    last_error              CLOB,
    last_error_execution_id CLOB,
    last_error_start_millis BIGINT,
    last_success_millis     BIGINT,
    last_failure_millis     BIGINT,
    n_success               BIGINT  NOT NULL DEFAULT 0,
    n_partial               BIGINT  NOT NULL DEFAULT 0,
    n_failed                BIGINT  NOT NULL DEFAULT 0,
    n_skipped               BIGINT  NOT NULL DEFAULT 0,
    expires_at              BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}jobs_expiry ON ${jobhistory_prefix}jobs (expires_at);

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}statistics (
    job_key      BINARY(32)      NOT NULL,
    granularity  char(1)      NOT NULL,
    period_start BIGINT       NOT NULL,
    n_success    BIGINT       NOT NULL,
    n_partial    BIGINT       NOT NULL,
    n_failed     BIGINT       NOT NULL,
    n_skipped    BIGINT       NOT NULL,
    total_millis BIGINT       NOT NULL,
    max_millis   BIGINT       NOT NULL,
    histogram    varchar(255) NOT NULL,
    expires_at   BIGINT       NOT NULL,
    PRIMARY KEY (job_key, granularity, period_start)
);
CREATE INDEX IF NOT EXISTS ${jobhistory_prefix}statistics_expiry ON ${jobhistory_prefix}statistics (expires_at);
