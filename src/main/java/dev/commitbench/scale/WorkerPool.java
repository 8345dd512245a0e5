package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.internal.Shutdown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * {@code WorkerPool} is used to run units of work (later: whole sweep points, every commit and round of each) in
 * parallel, one worker per device, each unit pinned to the device of the worker that runs it, so that everything a
 * unit runs stays on one device. With no device (a CPU machine, or no {@code --devices}) one worker runs the units
 * one after the other on the default device ({@link Pinning#none()}).
 *
 * <p>Workers take the next unit in plan order as they become free, so a slow unit does not hold the others back;
 * which device a unit gets therefore depends on timing, and its {@link UnitResult#pinning()} says which it got.
 * Results are in plan order whatever order the units finish in, each available as soon as its unit ends
 * ({@link Batch#result(int)}), so a front end may hand out early results while later units still run. A unit that
 * throws fails alone: the others run on, and its failure is kept in its result. Thread-safe.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class WorkerPool {

    private final List<Pinning> slots;

    /**
     * A pool with one worker per device.
     *
     * @param devices the devices, each used by one worker; empty: one worker on the default device
     */
    public WorkerPool(List<Device> devices) {
        this.slots = devices.isEmpty() ? List.of(Pinning.none()) : devices.stream().map(Device::pinning).toList();
    }

    /** {@return the workers' pinnings, one per worker} */
    public List<Pinning> workers() {
        return slots;
    }

    /**
     * What a worker does with one unit.
     *
     * @param <U> the unit's type
     * @param <R> the result's type
     */
    @API(status = INTERNAL, since = "0.1")
    @FunctionalInterface
    public interface UnitTask<U, R> {

        /**
         * Runs one unit on one device.
         *
         * @param unit    the unit
         * @param pinning the device to run it on: its environment, overrides and id
         * @return the unit's result
         * @throws Exception when the unit fails; the other units run on
         */
        R run(U unit, Pinning pinning) throws Exception;
    }

    /**
     * Starts running {@code units} in the background and returns at once.
     *
     * @param units the units in plan order
     * @param task  what to do with each
     * @param <U>   the unit's type
     * @param <R>   the result's type
     * @return the running batch
     */
    public <U, R> Batch<U, R> start(List<U> units, UnitTask<U, R> task) {
        Batch<U, R> batch = new Batch<>(List.copyOf(units), task, slots);
        batch.startWorkers();
        return batch;
    }

    /**
     * Runs {@code units} and waits for all of them ({@link Batch#await()}).
     *
     * @param units the units in plan order
     * @param task  what to do with each
     * @param <U>   the unit's type
     * @param <R>   the result's type
     * @return one result per unit, in plan order
     */
    public <U, R> List<UnitResult<U, R>> run(List<U> units, UnitTask<U, R> task) {
        try (Batch<U, R> batch = start(units, task)) {
            return batch.await();
        }
    }

    /**
     * {@code Batch} is used to follow the units of one {@link WorkerPool#start} call while they run.
     *
     * @param <U> the unit's type
     * @param <R> the result's type
     */
    @API(status = INTERNAL, since = "0.1")
    public static final class Batch<U, R> implements AutoCloseable {

        private final List<U> units;
        private final UnitTask<U, R> task;
        private final List<Pinning> slots;
        private final List<CompletableFuture<UnitResult<U, R>>> results;
        private final AtomicInteger next = new AtomicInteger();
        private final List<Thread> workers = new ArrayList<>();
        private final AtomicInteger working = new AtomicInteger();
        private volatile boolean cancelled;

        private Batch(List<U> units, UnitTask<U, R> task, List<Pinning> slots) {
            this.units = units;
            this.task = task;
            this.slots = slots;
            this.results = new ArrayList<>(units.size());
            units.forEach(unit -> results.add(new CompletableFuture<>()));
        }

        private void startWorkers() {
            int count = Math.min(slots.size(), Math.max(1, units.size()));
            for (int w = 0; w < count; w++) {
                Pinning pinning = slots.get(w);
                Thread worker = new Thread(() -> work(pinning),
                        "commitbench-worker-" + (pinning.device() == null ? "default" : "device-" + pinning.id()));
                worker.setDaemon(true);
                workers.add(worker);
            }
            working.set(workers.size());
            workers.forEach(Thread::start);
        }

        private void work(Pinning pinning) {
            try {
                while (!cancelled && !Shutdown.inProgress()) {
                    int index = next.getAndIncrement();
                    if (index >= units.size()) {
                        return;
                    }
                    U unit = units.get(index);
                    long start = System.nanoTime();
                    UnitResult<U, R> result;
                    try {
                        R value = task.run(unit, pinning);
                        result = new UnitResult<>(index, unit, pinning, UnitResult.Status.SUCCEEDED, value, null,
                                Duration.ofNanos(System.nanoTime() - start));
                    } catch (Throwable failure) { // one unit's failure, whatever it is, is that unit's alone
                        result = new UnitResult<>(index, unit, pinning, UnitResult.Status.FAILED, null, failure,
                                Duration.ofNanos(System.nanoTime() - start));
                    }
                    results.get(index).complete(result);
                }
            } finally {
                if (working.decrementAndGet() == 0) {
                    notRunAfterStop();
                }
            }
        }

        /** Once the last worker stops, the units no worker took never ran. */
        private void notRunAfterStop() {
            int from = next.getAndSet(units.size());
            for (int i = Math.min(from, units.size()); i < units.size(); i++) {
                results.get(i).complete(new UnitResult<>(i, units.get(i), Pinning.none(), UnitResult.Status.NOT_RUN,
                        null, null, Duration.ZERO));
            }
        }

        /** {@return the number of units} */
        public int size() {
            return units.size();
        }

        /**
         * {@return the result of the unit at {@code index} in plan order, completed as soon as that unit ends (or is
         * known never to run)}
         *
         * @param index the unit's place in the plan
         */
        public CompletableFuture<UnitResult<U, R>> result(int index) {
            return results.get(index);
        }

        /**
         * Waits for every unit and returns their results in plan order. When the waiting thread is interrupted,
         * the batch is cancelled ({@link #cancel()}), the workers are waited for, the results (the units not run
         * marked {@link UnitResult.Status#NOT_RUN}) are returned, and the thread's interrupt flag is set again.
         *
         * @return one result per unit, in plan order
         */
        public List<UnitResult<U, R>> await() {
            boolean interrupted = false;
            List<UnitResult<U, R>> all = new ArrayList<>(units.size());
            for (CompletableFuture<UnitResult<U, R>> result : results) {
                while (true) {
                    try {
                        all.add(result.get());
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        cancel();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("a unit's result is never completed exceptionally", e);
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return all;
        }

        /**
         * Stops the batch: no unit starts any more, and the running ones are interrupted (an engine kills its
         * process tree when its thread is interrupted). Idempotent.
         */
        public void cancel() {
            cancelled = true;
            workers.forEach(Thread::interrupt);
        }

        /** {@return whether {@link #cancel()} was called} */
        public boolean cancelled() {
            return cancelled;
        }

        /** Cancels the batch unless every unit has ended, and waits for the workers to stop. */
        @Override
        public void close() {
            if (results.stream().anyMatch(result -> !result.isDone())) {
                cancel();
            }
            boolean interrupted = false;
            for (Thread worker : workers) {
                while (worker.isAlive()) {
                    try {
                        worker.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
