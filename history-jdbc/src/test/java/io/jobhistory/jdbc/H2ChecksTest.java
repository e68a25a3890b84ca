package io.jobhistory.jdbc;

import javax.sql.DataSource;

/** {@link JdbcRegistryChecks} on H2 in memory. */
class H2ChecksTest extends JdbcRegistryChecks {

    @Override
    DataSource dataSource() {
        return H2RegistryTest.dataSource();
    }

    @Override
    JdbcDialect expectedDialect() {
        return JdbcDialect.H2;
    }
}
