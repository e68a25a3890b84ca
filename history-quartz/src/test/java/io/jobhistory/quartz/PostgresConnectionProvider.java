package io.jobhistory.quartz;

import io.jobhistory.fixtures.PostgresServer;
import org.quartz.utils.ConnectionProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/** Quartz's connections to a {@link PostgresServer} database: a new connection each time (no pool, tests only). */
public class PostgresConnectionProvider implements ConnectionProvider {

    private String url;

    /** Set by Quartz from {@code org.quartz.dataSource.NAME.url}. */
    public void setUrl(String url) {
        this.url = url;
    }

    @Override
    public void initialize() {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, PostgresServer.USER, "");
    }

    @Override
    public void shutdown() {
    }
}
