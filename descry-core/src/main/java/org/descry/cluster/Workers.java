package org.descry.cluster;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread plus {@code threads - 1} shared daemon workers (the clustering
 * twin of the kernels' pool). Tasks own their output cells and callers merge per-task results in task order,
 * so what is computed never depends on the thread count.
 */
final class Workers {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "descry-cluster");
        t.setDaemon(true);
        return t;
    });

    private Workers() {}

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
