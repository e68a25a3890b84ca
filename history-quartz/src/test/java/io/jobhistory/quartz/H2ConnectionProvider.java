package io.jobhistory.quartz;

import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.RunScript;
import org.quartz.utils.ConnectionProvider;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/** Quartz's connections to an in-memory H2 database, created with Quartz's own H2 schema. */
public class H2ConnectionProvider implements ConnectionProvider {

    private String url;
    private JdbcConnectionPool pool;

    /** Set by Quartz from {@code org.quartz.dataSource.NAME.url}. */
    public void setUrl(String url) {
        this.url = url;
    }

    @Override
    public void initialize() throws SQLException {
        pool = JdbcConnectionPool.create(Objects.requireNonNull(url, "url"), "sa", "");
        pool.setMaxConnections(20);
        try (Connection connection = pool.getConnection();
             InputStream schema = ConnectionProvider.class.getResourceAsStream(
                     "/org/quartz/impl/jdbcjobstore/tables_h2.sql")) {
            RunScript.execute(connection, new InputStreamReader(Objects.requireNonNull(schema, "tables_h2.sql"),
                    StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new SQLException("Could not read Quartz's H2 schema", e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void shutdown() {
        pool.dispose();
    }
}
