package org.descry.linalg;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread plus up to {@code threads - 1} shared daemon workers, handing out
 * task numbers from one counter so uneven tasks (the triangle of a Gram matrix) balance themselves.
 *
 * <p>Which thread runs a task never changes what the task computes: the kernels give every task its own output
 * cells, so results do not depend on the thread count. A cached pool rather than the common
 * {@code ForkJoinPool} because the common pool has {@code availableProcessors - 1} workers (one, on two cores)
 * and because a caller may itself run on a pool thread.
 */
final class Parallel {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "descry-kernels");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    /** Calls {@code body} once for each of {@code 0 .. tasks-1} and returns when all have finished. */
    static void forEach(int threads, int tasks, IntConsumer body) {
        int workers = Math.min(threads, tasks);
        if (workers <= 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable loop = () -> {
            try {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    body.accept(t);
                }
            } catch (RuntimeException | Error e) {
                next.set(tasks);
                throw e;
            }
        };
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[workers - 1];
        for (int w = 0; w < futures.length; w++) {
            futures[w] = POOL.submit(loop);
        }
        Throwable failure = null;
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
