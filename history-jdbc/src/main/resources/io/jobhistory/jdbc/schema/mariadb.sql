-- jobhistory schema for MariaDB 10.6+ (history-jdbc; MySQL 8 untested: there use utf8mb4_0900_bin for utf8mb4_nopad_bin).
-- Replace ${jobhistory_prefix} with the registry's table prefix (default jobhistory_); Flyway and Liquibase substitute
-- it as a placeholder. Idempotent: every statement is IF NOT EXISTS, with the indexes inside CREATE TABLE.
-- Keys are the SHA-256 of the id's UTF-8 form, so ids of any length index alike; times are epoch milliseconds.
-- Ids compare by code point and without trailing-space padding (utf8mb4_nopad_bin); InnoDB, for row locks.

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}runs (
    exec_key        BINARY(32)  NOT NULL PRIMARY KEY,
    execution_id    TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    job_key         BINARY(32)  NOT NULL,
    job_id          TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    start_millis    BIGINT      NOT NULL,
    status          VARCHAR(16) CHARACTER SET ascii NOT NULL,
    deadline_millis BIGINT,
    finished        BOOLEAN     NOT NULL,
    in_cap          BOOLEAN     NOT NULL,
    expires_at      BIGINT      NOT NULL,
    record          LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    INDEX ${jobhistory_prefix}runs_job (job_key, start_millis),
    INDEX ${jobhistory_prefix}runs_expiry (expires_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}jobs (
    job_key                 BINARY(32) NOT NULL PRIMARY KEY,
    job_id                  TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    job_name                TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    last_run                LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    last_error              LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    last_error_execution_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
    last_error_start_millis BIGINT,
    last_success_millis     BIGINT,
    last_failure_millis     BIGINT,
    n_success               BIGINT NOT NULL DEFAULT 0,
    n_partial               BIGINT NOT NULL DEFAULT 0,
    n_failed                BIGINT NOT NULL DEFAULT 0,
    n_skipped               BIGINT NOT NULL DEFAULT 0,
    expires_at              BIGINT NOT NULL,
    INDEX ${jobhistory_prefix}jobs_expiry (expires_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS ${jobhistory_prefix}statistics (
    job_key      BINARY(32)   NOT NULL,
    granularity  CHAR(1) CHARACTER SET ascii NOT NULL,
    period_start BIGINT       NOT NULL,
    n_success    BIGINT       NOT NULL,
    n_partial    BIGINT       NOT NULL,
    n_failed     BIGINT       NOT NULL,
    n_skipped    BIGINT       NOT NULL,
    total_millis BIGINT       NOT NULL,
    max_millis   BIGINT       NOT NULL,
    histogram    VARCHAR(255) CHARACTER SET ascii NOT NULL,
    expires_at   BIGINT       NOT NULL,
    PRIMARY KEY (job_key, granularity, period_start),
    INDEX ${jobhistory_prefix}statistics_expiry (expires_at)
) ENGINE = InnoDB;
