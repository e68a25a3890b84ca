package io.jobhistory.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A dialect's schema file from the jar, with the table prefix filled in, split into its statements. */
final class SchemaFile {

    private SchemaFile() {
    }

    /** The statements of {@code dialect}'s schema file for {@code prefix}. */
    static List<String> statements(JdbcDialect dialect, String prefix) {
        String text;
        try (InputStream in = SchemaFile.class.getClassLoader().getResourceAsStream(dialect.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException(dialect.schemaResource() + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + dialect.schemaResource(), e);
        }
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : body.toString().replace(Tables.PLACEHOLDER, prefix).split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /** Runs the statements (each is IF NOT EXISTS) in auto-commit. */
    static void create(Connection connection, JdbcDialect dialect, String prefix) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(dialect, prefix)) {
                statement.execute(sql);
            }
        }
    }
}
