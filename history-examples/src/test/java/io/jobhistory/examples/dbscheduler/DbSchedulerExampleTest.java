package io.jobhistory.examples.dbscheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.dbscheduler.DbSchedulerHistory;
import org.junit.jupiter.api.Test;

class DbSchedulerExampleTest {

    @Test
    void recordsTheRecurringAndTheOneTimeTask() throws InterruptedException {
        ExecutionHistoryRegistry registry = DbSchedulerExample.record();

        assertThat(registry.findHistory("fetch-prices")).filteredOn(ExecutionRecord::isFinished)
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(run -> {
                    assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
                    assertThat(run.succeededItems()).containsExactly("AAPL", "MSFT");
                    assertThat(run.failedItems()).containsExactly("GOOGL");
                });
        assertThat(registry.findHistory("send-invoice"))
                .extracting(run -> run.attributes().get(DbSchedulerHistory.INSTANCE_ID), ExecutionRecord::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("order-42", ExecutionStatus.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("order-43", ExecutionStatus.FAILED));
    }
}
