package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.StoreException;
import io.jobhistory.internal.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write-behind queue and its writer thread. Job threads {@link #offer} records (a lock, a map lookup, no I/O);
 * the writer takes them in batches, oldest first, and stores each batch with {@code saveAll}, retrying transient
 * failures with backoff until the store is back. A record replaces the queued record of the same execution unless
 * that one is finished and the new one is not (the store's own rule), so a short run costs one write.
 *
 * <p>A run's start takes no lock: the job's thread pushes it onto an inbox (one compare-and-set) as a
 * {@link LazyRecord}, and its finished record replaces it there with one more compare-and-set while the writer has not
 * got to it. The writer (or any holder of the lock) moves the inbox into the queue, and builds a start's running
 * record only if the run is still going when it writes it, so a short run costs its thread one record and no lock.
 */
final class WriteBehindQueue {

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);
    private static final VarHandle INBOX = varHandle(WriteBehindQueue.class, "inbox", Entry.class);

    /**
     * After taking a batch, the writer looks for the next one every linger time for this long, so that job threads
     * need not wake it (a wake-up costs the job's thread microseconds); after that it waits to be woken.
     */
    private static final long POLL_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How many execution ids a log line lists at most. */
    private static final int IDS_LOGGED = 10;

    private final ExecutionHistoryRegistry registry;
    private final WriteBehind settings;
    private final Listeners listeners;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when there is something for the writer to do: a record, a flush, a close. */
    private final Condition work = lock.newCondition();
    /** Signalled when the writer has settled a batch. */
    private final Condition progress = lock.newCondition();

    /** Starts pushed by job threads, newest first, not yet moved into the queue. */
    private volatile Entry inbox;
    /** Set once the queue takes no more starts (closing, or the writer died): a start then goes the locked way. */
    private volatile boolean stopped;
    /** The queue's size, for job threads to check the capacity without the lock (written under it). */
    private volatile int queued;
    /** Whether the writer waits for a signal (idle for a while); otherwise it polls and needs none. */
    private volatile boolean writerIdle;

    // Guarded by lock. Records are keyed by execution id, starts by themselves (they never coalesce by id).
    private LinkedHashMap<Object, Entry> queue = new LinkedHashMap<>();
    /**
     * The queued entries holding a running record, oldest first (the first to drop when full), linked through the
     * entries themselves: no allocation, no hashing per run.
     */
    private Entry runningHead;
    private Entry runningTail;
    /**
     * What the writer took from the queue, by execution id, being written in batches: the writer swaps the whole
     * queue out at once, so a job thread never waits for the writer to copy records. Read-only once taken.
     */
    private Map<Object, Entry> inFlight = Map.of();
    /** An emptied queue that kept its table, to be the next queue (guarded by lock). */
    private LinkedHashMap<Object, Entry> spare;
    /** How many of the records taken have been settled (stored or refused). */
    private int inFlightSettled;
    private long inFlightFirstSeq;
    private long seq;
    private boolean flushRequested;
    private boolean closing;
    private boolean writerDone;
    private boolean aborted;
    private long stored;
    private long coalesced;
    private long retried;
    private long dropped;
    private long rejected;
    private long droppedInEpisode;
    private String lastFailure;
    private Instant lastFailureTime;

    // Only the writer thread touches these.
    /** When the writer last took a batch; 0 before the first. */
    private long lastBatchNanos;
    private long failedAttemptsInOutage;
    private Instant outageStart;
    private long rejectedInEpisode;

    WriteBehindQueue(ExecutionHistoryRegistry registry, WriteBehind settings, Listeners listeners) {
        this.registry = registry;
        this.settings = settings;
        this.listeners = listeners;
        this.writer = new Thread(this::writeLoop, "jobhistory-write-behind");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues {@code record} for the writer. Returns false, doing nothing, once the writer has stopped (after
     * {@link #close()}); the caller then saves it itself.
     */
    boolean offer(ExecutionRecord record) {
        return offer(record, null);
    }

    /**
     * As {@link #offer(ExecutionRecord)}, for the record of a run whose start {@link #offerStart} queued as
     * {@code start}: while the writer has not got to that start, the record takes its place without a lock.
     */
    boolean offer(ExecutionRecord record, Entry start) {
        if (start != null) {
            if (!stopped) {
                if (start.finish(record)) {
                    return true;
                }
            } else {
                start.withdraw(); // closing: the record goes the locked way, and its start is nobody's to write
            }
        }
        List<Entry> drops;
        ExecutionRecord droppedRecord = null;
        Entry droppedEntry = null;
        boolean firstDrop = false;
        lock.lock();
        try {
            if (writerDone || aborted || closing) {
                return false; // closing: close() waits for what was queued before it, later records are saved at once
            }
            drops = drainInbox();
            seq++;
            String id = record.executionId();
            Entry entry = queue.get(id);
            if (entry != null) {
                coalesced++;
                if (!Records.isRefused(entry.record, record)) {
                    if (record.isFinished()) {
                        unlinkRunning(entry);
                    }
                    entry.record = record;
                }
                return true;
            }
            Entry writing = inFlight.get(id);
            if (writing != null && Records.isRefused(writing.record, record)) {
                coalesced++;
                return true;
            }
            if (queue.size() >= settings.capacity()) {
                dropped++;
                firstDrop = droppedInEpisode++ == 0;
                // running snapshots go first; a running one never pushes out a finished record, it goes itself
                droppedEntry = dropRunning();
                if (droppedEntry == null && record.isFinished()) {
                    droppedEntry = dropOldest();
                }
                if (droppedEntry == null) {
                    droppedRecord = record;
                }
            }
            if (droppedRecord == null) {
                entry = new Entry(id, record, null);
                entry.firstSeq = seq;
                queue.put(id, entry);
                queued = queue.size();
                if (!record.isFinished()) {
                    linkRunning(entry);
                }
                wakeWriter();
            }
        } finally {
            lock.unlock();
        }
        reportDropped(drops);
        if (droppedEntry != null) {
            reportDropped(droppedEntry, firstDrop);
        } else if (droppedRecord != null) {
            reportDropped(droppedRecord, firstDrop);
        }
        return true;
    }

    /**
     * Queues the start of {@code run} without a lock: the writer builds its running record
     * ({@link LazyRecord#snapshot}) when it gets there, unless the run has finished by then. Returns null, doing
     * nothing, once the queue takes no more starts (closing, or the writer died): the caller then saves the running
     * record itself.
     *
     * @return what to hand {@link #offer(ExecutionRecord, Entry)} with the run's next record
     */
    Entry offerStart(LazyRecord run) {
        if (stopped) {
            return null;
        }
        Entry entry = new Entry(run.executionId(), null, run);
        Entry head;
        do {
            head = inbox;
            entry.nextInInbox = head;
            entry.inboxDepth = head == null ? 1 : head.inboxDepth + 1;
        } while (!INBOX.compareAndSet(this, head, entry));
        if (writerIdle || entry.inboxDepth + queued > settings.capacity()) {
            List<Entry> drops;
            lock.lock();
            try {
                drops = drainInbox(); // applies the capacity
                wakeWriter();
            } finally {
                lock.unlock();
            }
            reportDropped(drops);
        }
        if (stopped && entry.withdraw()) {
            return null; // close() may have taken the inbox before this push: nobody else will store it
        }
        return entry;
    }

    /**
     * Under the lock: moves the starts job threads pushed into the queue, oldest first, making room as
     * {@link #offer} does when full. Returns the entries dropped, to report once the lock is released; null if none.
     */
    private List<Entry> drainInbox() {
        if (inbox == null) {
            return null;
        }
        Entry newest = (Entry) INBOX.getAndSet(this, null);
        Entry oldest = null;
        while (newest != null) { // reverse, reusing the links: oldest first
            Entry next = newest.nextInInbox;
            newest.nextInInbox = oldest;
            oldest = newest;
            newest = next;
        }
        List<Entry> drops = null;
        Entry next;
        for (Entry entry = oldest; entry != null; entry = next) {
            next = entry.nextInInbox;
            entry.nextInInbox = null; // a start held by its run must not keep the starts after it reachable
            if (!entry.isPending() && entry.finishedRecord() == null) {
                continue; // withdrawn by its own thread, which saves the run itself
            }
            entry.firstSeq = ++seq;
            if (queue.size() >= settings.capacity()) {
                // running ones go first; a start never pushes out a finished record: it goes itself, unless its run
                // has finished, which makes it a finished record
                Entry victim = dropRunning();
                if (victim == null) {
                    victim = entry.withdraw() ? entry : dropOldest();
                }
                if (victim != null) {
                    dropped++;
                    victim.firstDrop = droppedInEpisode++ == 0;
                    if (drops == null) {
                        drops = new ArrayList<>();
                    }
                    drops.add(victim);
                    if (victim == entry) {
                        continue;
                    }
                }
            }
            queue.put(entry, entry);
            if (entry.isPending()) {
                linkRunning(entry);
            }
        }
        queued = queue.size();
        return drops;
    }

    /** How many starts the inbox holds (withdrawn ones included). */
    private int inboxDepth() {
        Entry pushed = inbox;
        return pushed == null ? 0 : pushed.inboxDepth;
    }

    /** Under the lock. */
    private void wakeWriter() {
        if (writerIdle) {
            writerIdle = false;
            work.signal();
        }
    }

    private void reportDropped(List<Entry> drops) {
        if (drops != null) {
            for (Entry entry : drops) {
                reportDropped(entry, entry.firstDrop);
            }
        }
    }

    /**
     * Logs the first drop of an episode and tells the listeners (outside the lock: a run's snapshot takes the run's
     * monitor, which a heartbeat renewal holds while it offers). A dropped start is renewed by the heartbeats from
     * now on, so a long run still gets its running record stored once the store takes records again.
     */
    private void reportDropped(Entry entry, boolean firstDrop) {
        ExecutionRecord record = entry.record;
        if (record == null) {
            record = entry.finishedRecord();
        }
        if (record == null && listeners.isEmpty()) {
            try {
                entry.lazy.renewFromNow(); // no record to build: nobody to tell
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                log.warn("Could not schedule heartbeats for execution {}", entry.id, e);
            }
            logDrop(firstDrop);
            return;
        }
        if (record == null) {
            record = build(entry, true);
            if (record == null) { // finished meanwhile: its finished record follows
                record = build(entry, false);
            }
            if (record == null) {
                logDrop(firstDrop); // the record could not even be built (logged): the drop still is
                return;
            }
        }
        reportDropped(record, firstDrop);
    }

    /** A start's running record, as {@link LazyRecord#snapshot}; null if that fails (logged) or returns null. */
    private static ExecutionRecord build(Entry start, boolean renew) {
        try {
            return start.lazy.snapshot(renew);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("Could not build the running record of execution {}; its finished record is still stored",
                    start.id, e);
            return null;
        }
    }

    /** Removes the running record or start queued longest; null if none is queued. */
    private Entry dropRunning() {
        for (Entry victim = runningHead; victim != null; victim = runningHead) {
            unlinkRunning(victim);
            if (victim.lazy == null || victim.withdraw()) {
                queue.remove(victim.key());
                queued = queue.size();
                return victim;
            }
            if (victim.isGone()) { // withdrawn by its own thread, which saved the run: no drop, just room
                queue.remove(victim.key());
                queued = queue.size();
            }
            // else a start whose run has finished since: a finished record now, not a running one
        }
        return null;
    }

    /** Removes the oldest entry; null if nothing is queued. */
    private Entry dropOldest() {
        Iterator<Entry> oldest = queue.values().iterator();
        while (oldest.hasNext()) {
            Entry victim = oldest.next();
            oldest.remove();
            unlinkRunning(victim);
            queued = queue.size();
            if (victim.lazy != null && !victim.withdraw() && victim.isGone()) {
                continue; // withdrawn by its own thread, which saved the run: no drop, just room
            }
            return victim; // a finished start stays finished, and reports its finished record
        }
        return null;
    }

    private void linkRunning(Entry entry) {
        entry.linked = true;
        entry.previousRunning = runningTail;
        entry.nextRunning = null;
        if (runningTail == null) {
            runningHead = entry;
        } else {
            runningTail.nextRunning = entry;
        }
        runningTail = entry;
    }

    private void unlinkRunning(Entry entry) {
        if (!entry.linked) {
            return;
        }
        entry.linked = false;
        if (entry.previousRunning == null) {
            runningHead = entry.nextRunning;
        } else {
            entry.previousRunning.nextRunning = entry.nextRunning;
        }
        if (entry.nextRunning == null) {
            runningTail = entry.previousRunning;
        } else {
            entry.nextRunning.previousRunning = entry.previousRunning;
        }
        entry.previousRunning = null;
        entry.nextRunning = null;
    }

    private void reportDropped(ExecutionRecord record, boolean firstDrop) {
        logDrop(firstDrop);
        listeners.storageFailed(record, new QueueFullException(settings.capacity()));
    }

    private void logDrop(boolean firstDrop) {
        if (firstDrop) {
            log.warn("Write-behind queue is full ({} records): dropping records, running snapshots first, then "
                    + "the oldest, until the store takes them again (last store failure: {}); the count follows",
                    settings.capacity(), lastFailureText());
        }
    }

    /**
     * Waits until every record offered before this call is stored (or refused, or dropped), at most {@code timeout}.
     *
     * @return whether it got there in time
     */
    boolean flush(Duration timeout) {
        long remaining = timeout.toNanos();
        List<Entry> drops = null;
        lock.lock();
        try {
            drops = drainInbox();
            long target = seq;
            flushRequested = true;
            work.signal();
            while (!settled(target)) {
                if (remaining <= 0 || aborted) {
                    return false;
                }
                try {
                    remaining = progress.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
            reportDropped(drops);
        }
    }

    private boolean settled(long target) {
        if (!inFlight.isEmpty() && inFlightFirstSeq <= target) {
            return false;
        }
        return queue.isEmpty() || queue.values().iterator().next().firstSeq > target;
    }

    /**
     * Waits up to the close timeout for the writer to store everything queued before this call, then stops it; records
     * offered from now on are saved by their own threads (so steady recording cannot keep close() from finishing).
     * What the writer could not store is logged, counted as rejected and reported to the listeners.
     *
     * @return the records that were not stored
     */
    List<ExecutionRecord> close() {
        List<Entry> unstoredEntries = new ArrayList<>();
        List<Entry> drops;
        long droppedNow;
        stopped = true; // starts pushed from now on are saved by their own thread
        lock.lock();
        try {
            if (closing) {
                return List.of();
            }
            closing = true;
            drops = drainInbox();
            work.signal();
            long remaining = settings.closeTimeout().toNanos();
            while (!writerDone && remaining > 0) {
                try {
                    remaining = progress.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            aborted = true;
            drops = concat(drops, drainInbox());
            {
                // also when the writer died: what it held and what is queued is reported, not silently left
                int i = 0;
                for (Entry entry : inFlight.values()) {
                    if (i++ >= inFlightSettled) {
                        unstoredEntries.add(entry);
                    }
                }
                unstoredEntries.addAll(queue.values());
                queue = new LinkedHashMap<>();
                queued = 0;
                runningHead = null;
                runningTail = null;
                inFlight = Map.of();
                inFlightSettled = 0;
            }
            droppedNow = endDropEpisode();
            progress.signalAll();
            work.signal();
        } finally {
            lock.unlock();
        }
        writer.interrupt();
        reportDropped(drops);
        List<ExecutionRecord> unstored = new ArrayList<>(unstoredEntries.size());
        for (Entry entry : unstoredEntries) {
            entry.linked = false; // collected entries keep no neighbours reachable
            entry.previousRunning = null;
            entry.nextRunning = null;
            ExecutionRecord record = entry.record;
            if (record == null) {
                if (entry.withdraw() || entry.isTaken()) {
                    // a run that has finished saves its finished record itself (offers now fail): nothing lost
                    record = entry.lazy.isFinished() ? null : build(entry, false);
                } else {
                    record = entry.finishedRecord(); // null once withdrawn by its own thread, which saves it
                }
            }
            if (record != null) {
                unstored.add(record);
            }
        }
        lock.lock();
        try {
            rejected += unstored.size();
        } finally {
            lock.unlock();
        }
        if (droppedNow > 0) {
            log.warn("Write-behind dropped {} records while its queue was full (capacity {})", droppedNow,
                    settings.capacity());
        }
        if (!unstored.isEmpty()) {
            log.warn("Write-behind closed after {} with {} records not stored (last store failure: {}): {}",
                    settings.closeTimeout(), unstored.size(), lastFailureText(), describe(unstored));
            StoreException failure = new StoreException("not stored before close() returned, within "
                    + settings.closeTimeout(), null, true);
            for (ExecutionRecord record : unstored) {
                listeners.storageFailed(record, failure);
            }
        }
        return unstored;
    }

    WriteBehindStats stats() {
        lock.lock();
        try {
            int depth = queue.size() + inboxDepth() + inFlight.size() - inFlightSettled;
            return new WriteBehindStats(depth, stored, coalesced, retried, dropped, rejected,
                    Optional.ofNullable(lastFailure), Optional.ofNullable(lastFailureTime));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps a written-out queue, emptied, as the next queue: a map that kept its table spares job threads the table
     * growing again entry by entry (at 10,000 queued records, most of a job thread's time went to HashMap.resize).
     */
    private void recycle(Map<Object, Entry> taken) {
        if (!(taken instanceof LinkedHashMap<Object, Entry> map)) {
            return;
        }
        map.clear(); // no job thread sees it any more: inFlight no longer points at it
        lock.lock();
        try {
            spare = map;
        } finally {
            lock.unlock();
        }
    }

    /** Records that will never be stored: refused, dropped, or left at close. */
    long failures() {
        lock.lock();
        try {
            return dropped + rejected;
        } finally {
            lock.unlock();
        }
    }

    // ---- the writer thread ----

    private void writeLoop() {
        try {
            Map<Object, Entry> taken;
            while ((taken = take()) != null) {
                List<ExecutionRecord> batch = new ArrayList<>(Math.min(taken.size(), settings.maxBatchSize()));
                int entries = 0; // taken for this batch, including starts that need no write
                int finishedStarts = 0;
                for (Entry entry : taken.values()) {
                    entries++;
                    entry.linked = false; // the running list of a taken queue is never followed again
                    entry.previousRunning = null;
                    entry.nextRunning = null;
                    ExecutionRecord record = entry.record;
                    if (record == null) {
                        if (entry.take()) {
                            record = build(entry, true);
                            if (record == null) {
                                // the run finished since, its finished record not queued yet (it is queued behind):
                                // until then, the store holds the run running, so a flush does not miss it
                                record = build(entry, false);
                            }
                        } else {
                            record = entry.finishedRecord(); // null if withdrawn: its own thread saved it
                            if (record != null) {
                                finishedStarts++;
                            }
                        }
                        if (record == null) {
                            continue;
                        }
                    }
                    batch.add(record);
                    if (batch.size() == settings.maxBatchSize()) {
                        writeAndSettle(batch, entries, finishedStarts);
                        batch = new ArrayList<>(settings.maxBatchSize());
                        entries = 0;
                        finishedStarts = 0;
                    }
                }
                if (entries > 0) {
                    writeAndSettle(batch, entries, finishedStarts);
                }
                lock.lock();
                try {
                    inFlight = Map.of();
                    inFlightSettled = 0;
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
                recycle(taken);
            }
        } catch (InterruptedException e) {
            // aborted by close()
        } catch (VirtualMachineError | RuntimeException e) {
            log.error("Write-behind writer stopped; records queued from now on are saved on the job's thread", e);
            throw e;
        } finally {
            stopped = true;
            List<Entry> drops;
            lock.lock();
            try {
                writerDone = true;
                drops = drainInbox(); // into the queue, for close() to report
                progress.signalAll();
            } finally {
                lock.unlock();
            }
            reportDropped(drops);
        }
    }

    /**
     * Writes {@code batch}, then counts {@code entries} taken entries settled, {@code finishedStarts} of them starts
     * whose finished record took their place.
     */
    private void writeAndSettle(List<ExecutionRecord> batch, int entries, int finishedStarts)
            throws InterruptedException {
        lock.lock();
        try {
            if (aborted) {
                throw new InterruptedException("close() gave up on what the writer holds");
            }
        } finally {
            lock.unlock();
        }
        if (!batch.isEmpty()) {
            write(batch);
        }
        lock.lock();
        try {
            if (!aborted) { // close() gave up on what was in flight and reported it
                inFlightSettled += entries;
                coalesced += finishedStarts;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything queued, oldest first, or null once closing with nothing left (or aborted). */
    private Map<Object, Entry> take() throws InterruptedException {
        List<Entry> drops = null;
        lock.lock();
        try {
            boolean woken = lastBatchNanos == 0;
            long linger = settings.linger().toNanos();
            drops = drainInbox();
            while (queue.isEmpty()) {
                if (closing || aborted) {
                    stopped = true;
                    drops = concat(drops, drainInbox()); // starts pushed just before close(): stored too
                    if (queue.isEmpty()) {
                        writerDone = true;
                        progress.signalAll();
                        return null;
                    }
                    break;
                }
                flushRequested = false;
                if (linger > 0 && System.nanoTime() - lastBatchNanos < POLL_FOR_NANOS) {
                    // busy lately: look again after the linger time, so that job threads need not wake the writer
                    work.awaitNanos(linger);
                } else {
                    writerIdle = true; // before looking at the inbox: a start pushed after that look sees it
                    drops = concat(drops, drainInbox());
                    if (queue.isEmpty()) {
                        work.await();
                        woken = true;
                    }
                    writerIdle = false;
                }
                drops = concat(drops, drainInbox());
            }
            if (woken) {
                lingerAfterWakeUp();
                drops = concat(drops, drainInbox());
            }
            lastBatchNanos = System.nanoTime();
            if (aborted) {
                return null;
            }
            flushRequested = false;
            LinkedHashMap<Object, Entry> taken = queue;
            inFlight = taken;
            inFlightSettled = 0;
            inFlightFirstSeq = taken.values().iterator().next().firstSeq;
            queue = spare != null ? spare : new LinkedHashMap<>();
            spare = null;
            queued = 0;
            runningHead = null; // the taken entries' links are never followed again
            runningTail = null;
            return taken;
        } finally {
            lock.unlock();
            reportDropped(drops);
        }
    }

    private static List<Entry> concat(List<Entry> a, List<Entry> b) {
        if (a == null) {
            return b;
        }
        if (b != null) {
            a.addAll(b);
        }
        return a;
    }

    /** Waits the linger time after being woken by a record, unless a flush, a close or a full batch cuts it. */
    private void lingerAfterWakeUp() throws InterruptedException {
        long remaining = settings.linger().toNanos();
        while (remaining > 0 && !flushRequested && !closing && !aborted
                && queue.size() + inboxDepth() < settings.maxBatchSize()) {
            remaining = work.awaitNanos(remaining);
        }
    }

    /** Stores {@code batch}, retrying transient failures; returns once stored, refused, or aborted. */
    private void write(List<ExecutionRecord> batch) throws InterruptedException {
        long backoff = settings.retryBackoff().toNanos();
        while (true) {
            try {
                registry.saveAll(batch);
                succeeded(batch.size());
                return;
            } catch (VirtualMachineError e) {
                if (!(e instanceof OutOfMemoryError)) {
                    throw e;
                }
                failedTransiently(batch, e);
            } catch (Throwable failure) {
                if (!isTransient(failure)) {
                    if (batch.size() == 1) {
                        refused(batch.get(0), failure);
                    } else {
                        for (ExecutionRecord record : batch) {
                            write(List.of(record));
                        }
                    }
                    return;
                }
                failedTransiently(batch, failure);
            }
            TimeUnit.NANOSECONDS.sleep(backoff);
            if (aborted) {
                throw new InterruptedException("aborted");
            }
            backoff = Math.min(backoff * 2, settings.maxRetryBackoff().toNanos());
        }
    }

    /**
     * Whether a retry of the same call can succeed: a {@link StoreException} (the failure or one of its causes) says
     * so itself; {@code IllegalArgumentException}, {@code NullPointerException}, {@code ClassCastException},
     * {@code UnsupportedOperationException} and {@code Error}s are mistakes a retry repeats; any other exception is
     * taken as transient, so that a backend that does not classify its failures loses nothing in an outage.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException store) {
                return store.isTransient();
            }
        }
        if (failure instanceof IllegalArgumentException || failure instanceof NullPointerException
                || failure instanceof ClassCastException || failure instanceof UnsupportedOperationException) {
            return false;
        }
        return failure instanceof Exception || failure instanceof OutOfMemoryError;
    }

    private void succeeded(int count) {
        int queued;
        long droppedNow;
        lock.lock();
        try {
            stored += count;
            queued = queue.size();
            droppedNow = queued == 0 ? endDropEpisode() : 0;
        } finally {
            lock.unlock();
        }
        if (failedAttemptsInOutage > 0) {
            log.info("Store is back: write-behind stored {} records after {} failed attempts since {}; {} queued",
                    count, failedAttemptsInOutage, outageStart, queued);
            failedAttemptsInOutage = 0;
            outageStart = null;
        }
        if (rejectedInEpisode > 0) {
            log.info("The store accepts records again after refusing {}", rejectedInEpisode);
            rejectedInEpisode = 0;
        }
        if (droppedNow > 0) {
            log.warn("Write-behind dropped {} records while its queue was full (capacity {})", droppedNow,
                    settings.capacity());
        }
    }

    /**
     * Ends a drop episode (under the lock), returning how many it dropped; logs nothing. An episode ends when the
     * writer has caught up (the queue is empty after a stored batch) or at close, so sustained overload logs twice,
     * not once per batch.
     */
    private long endDropEpisode() {
        long count = droppedInEpisode;
        droppedInEpisode = 0;
        return count;
    }

    private void failedTransiently(List<ExecutionRecord> batch, Throwable failure) {
        int queued;
        lock.lock();
        try {
            retried++;
            lastFailure = failure.toString();
            lastFailureTime = Instant.now();
            queued = queue.size() + inFlight.size() - inFlightSettled;
        } finally {
            lock.unlock();
        }
        if (failedAttemptsInOutage++ == 0) {
            outageStart = Instant.now();
            log.warn("Could not store {} records ({}), retrying with backoff until the store is back; {} held: {}",
                    batch.size(), describe(batch), queued, failure.toString());
        } else {
            log.debug("Store still failing ({} attempts): {}", failedAttemptsInOutage, failure.toString());
        }
    }

    private void refused(ExecutionRecord record, Throwable failure) {
        lock.lock();
        try {
            rejected++;
            lastFailure = failure.toString();
            lastFailureTime = Instant.now();
        } finally {
            lock.unlock();
        }
        if (rejectedInEpisode++ == 0) {
            log.warn("The store refused execution {} of job '{}' ({}); not retried, the records behind it go on: {}",
                    record.executionId(), record.jobId(), record.status(), failure.toString());
        } else {
            log.debug("The store refused execution {} of job '{}' ({}): {}", record.executionId(), record.jobId(),
                    record.status(), failure.toString());
        }
        log.debug("Refusal of execution {}", record.executionId(), failure);
        listeners.storageFailed(record, failure);
    }

    private String lastFailureText() {
        lock.lock();
        try {
            return lastFailure == null ? "none" : lastFailure;
        } finally {
            lock.unlock();
        }
    }

    private static String describe(List<ExecutionRecord> records) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < records.size() && i < IDS_LOGGED; i++) {
            ExecutionRecord r = records.get(i);
            text.append(i == 0 ? "" : ", ").append(r.executionId()).append(" (").append(r.jobId()).append(", ")
                    .append(r.status()).append(')');
        }
        if (records.size() > IDS_LOGGED) {
            text.append(" and ").append(records.size() - IDS_LOGGED).append(" more");
        }
        return text.toString();
    }

    private static VarHandle varHandle(Class<?> owner, String field, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(owner, field, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A run whose running record the writer builds when it gets there. */
    interface LazyRecord {
        String executionId();

        /**
         * The running record as of now. With {@code renew} (the writer storing it), null if the run has finished,
         * and the run is renewed by the heartbeats from now on; without, only for a report.
         */
        ExecutionRecord snapshot(boolean renew);

        /** As {@code snapshot(true)} without building the record: the run is renewed from now on, if still going. */
        void renewFromNow();

        /** Whether the run has finished (its finished record is, or is about to be, offered). */
        boolean isFinished();
    }

    /**
     * A queued record, or a run's start whose running record the writer builds later, and the sequence number of its
     * first offer, which fixes its place in the queue.
     */
    static final class Entry {
        private static final int PENDING = 0;
        /** The run finished while its start was queued: {@link #finished} is its record. */
        private static final int FINISHED = 1;
        /** The writer took the start to build its running record. */
        private static final int TAKEN = 2;
        /** Dropped, or withdrawn by its own thread, or reported by close(): nobody writes it. */
        private static final int GONE = 3;
        private static final VarHandle STATE = varHandle(Entry.class, "state", int.class);

        final String id;
        /** A record's record (guarded by the queue's lock); null for a start. */
        ExecutionRecord record;
        /** A start's run; null for a record. */
        final LazyRecord lazy;
        /** A start's state. */
        private volatile int state;
        /** A start's finished record, written before the state becomes {@link #FINISHED}. */
        private ExecutionRecord finished;
        /** Set when queued (under the lock). */
        long firstSeq;
        // the inbox, written by the pushing thread before it publishes the entry
        Entry nextInInbox;
        int inboxDepth;
        boolean firstDrop;
        // the running list, while linked
        boolean linked;
        Entry previousRunning;
        Entry nextRunning;

        private Entry(String id, ExecutionRecord record, LazyRecord lazy) {
            this.id = id;
            this.record = record;
            this.lazy = lazy;
        }

        /** The key in the queue: a record's execution id; a start itself. */
        Object key() {
            return lazy == null ? id : this;
        }

        /** Puts a start's finished record in its place, unless the writer took it or it is gone. */
        boolean finish(ExecutionRecord finishedRecord) {
            finished = finishedRecord;
            return STATE.compareAndSet(this, PENDING, FINISHED);
        }

        /** Makes a start the writer's to build, unless its run finished or it is gone. */
        boolean take() {
            return STATE.compareAndSet(this, PENDING, TAKEN);
        }

        /** Makes a start gone, unless its run finished or the writer took it. */
        boolean withdraw() {
            return STATE.compareAndSet(this, PENDING, GONE);
        }

        boolean isPending() {
            return state == PENDING;
        }

        boolean isTaken() {
            return state == TAKEN;
        }

        boolean isGone() {
            return state == GONE;
        }

        /** A start's finished record, if its run finished while queued; else null. */
        ExecutionRecord finishedRecord() {
            return state == FINISHED ? finished : null;
        }
    }

    /** Told to listeners for a record dropped because the queue was full. */
    static final class QueueFullException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        QueueFullException(int capacity) {
            super("dropped: the write-behind queue was full (capacity " + capacity + ")");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
