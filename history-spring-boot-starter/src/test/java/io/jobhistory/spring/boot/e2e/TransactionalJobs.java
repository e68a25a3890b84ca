package io.jobhistory.spring.boot.e2e;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A bean behind a CGLIB proxy, as @Transactional services are. */
@Component
@Transactional
public class TransactionalJobs {

    private volatile boolean ranInTransaction;

    /** Whether the last run happened inside a transaction (read through the proxy, which has no state of its own). */
    public boolean ranInTransaction() {
        return ranInTransaction;
    }

    @Scheduled(fixedDelay = 50)
    public void work() {
        ranInTransaction = TransactionSynchronizationManager.isActualTransactionActive();
    }
}
