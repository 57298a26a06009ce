package org.descry.describe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of daemon threads that run one function over a range of rows. Rows are handed out one at a
 * time from a shared counter, so uneven rows (a slow image) do not leave a thread idle; the caller writes the
 * results to row-indexed storage, so the outcome does not depend on which thread ran which row.
 */
public final class Workers implements AutoCloseable {

    private final ExecutorService pool;
    private final int threads;

    /** {@code threads} worker threads, at least 1. */
    public Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "descry-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The number of threads to use by default: one per available processor. */
    public static int defaultThreads() {
        return org.descry.data.Workers.defaultThreads();
    }

    /**
     * Runs {@code body} for every row of {@code [from, to)} and returns when all are done. The first exception
     * a row throws is rethrown here (unchecked exceptions as they are, others wrapped).
     */
    public void forEach(int from, int to, IntConsumer body) {
        if (from > to) {
            throw new IllegalArgumentException("from (" + from + ") must be <= to (" + to + ")");
        }
        AtomicInteger next = new AtomicInteger(from);
        List<Future<?>> futures = new ArrayList<>(threads);
        for (int t = 0; t < Math.min(threads, to - from); t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    body.accept(i);
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            next.set(to);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
