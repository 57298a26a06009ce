package org.descry.data;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread plus {@code threads - 1} shared daemon workers, handing out task
 * numbers from one counter so uneven tasks balance themselves. Tasks own their output cells and callers merge
 * per-task results in task order, so what is computed never depends on the thread count.
 *
 * <p>One pool for everything, kernels included: a cached pool rather than the common {@code ForkJoinPool}
 * because the common pool has {@code availableProcessors - 1} workers (one, on two cores), and because a task
 * may itself call a multi-threaded kernel; a cached pool grows a thread for the nested call instead of waiting
 * on itself.
 */
public final class Workers {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "descry-worker");
        t.setDaemon(true);
        return t;
    });

    private static volatile int defaultThreads = Runtime.getRuntime().availableProcessors();

    private Workers() {}

    /**
     * The thread count every algorithm uses unless its config says otherwise: the processors the JVM sees, or what
     * {@link #setDefaultThreads} set (the command line's {@code --threads}).
     */
    public static int defaultThreads() {
        return defaultThreads;
    }

    /** Sets {@link #defaultThreads()} for configs created from now on. */
    public static void setDefaultThreads(int threads) {
        if (threads < 1) {
            throw new DescryException("threads must be >= 1, got " + threads);
        }
        defaultThreads = threads;
    }

    /** A task that also learns which worker ({@code 0 <= worker < workers(threads, tasks)}) runs it. */
    @FunctionalInterface
    public interface WorkerTask {
        void run(int worker, int task);
    }

    /** How many workers {@link #forEach(int, int, WorkerTask)} uses: per-worker scratch is sized by this. */
    public static int workers(int threads, int tasks) {
        return Math.max(1, Math.min(threads, tasks));
    }

    public static void forEach(int threads, int tasks, IntConsumer body) {
        forEach(threads, tasks, (w, t) -> body.accept(t));
    }

    /** Runs every task once; tasks on one worker run one after the other, so per-worker scratch is safe. */
    public static void forEach(int threads, int tasks, WorkerTask body) {
        int workers = workers(threads, tasks);
        if (workers <= 1) {
            for (int t = 0; t < tasks; t++) {
                body.run(0, t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        java.util.function.IntConsumer loop = w -> {
            try {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    body.run(w, t);
                }
            } catch (RuntimeException | Error e) {
                next.set(tasks);
                throw e;
            }
        };
        Future<?>[] futures = new Future<?>[workers - 1];
        for (int w = 0; w < futures.length; w++) {
            int worker = w + 1;
            futures[w] = POOL.submit(() -> loop.accept(worker));
        }
        Throwable failure = null;
        try {
            loop.accept(0);
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
