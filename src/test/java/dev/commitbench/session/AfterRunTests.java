package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Verifies that {@link AfterRun} runs tasks in order, off or on the caller's thread, and hands their failures back. */
class AfterRunTests {

    private final List<String> done = new CopyOnWriteArrayList<>();

    @Test
    void overlappedTasksRunInOrderOnOneThreadOfTheirOwnWhileTheCallerGoesOn() throws Exception {
        CountDownLatch callerWentOn = new CountDownLatch(1);
        try (AfterRun afterRun = AfterRun.overlapped()) {
            afterRun.submit(() -> {
                await(callerWentOn);
                done.add("first on " + Thread.currentThread().getName());
            });
            afterRun.submit(() -> done.add("second on " + Thread.currentThread().getName()));
            done.add("caller");
            callerWentOn.countDown();

            afterRun.await();
            assertThat(done).containsExactly("caller", "first on commitbench-after-run", "second on commitbench-after-run");
        }
    }

    @Test
    void inlineTasksRunAtOnceOnTheCallersThread() {
        AfterRun afterRun = AfterRun.inline();
        Future<?> task = afterRun.submit(() -> done.add(Thread.currentThread().getName()));

        assertThat(task).isDone();
        assertThat(done).containsExactly(Thread.currentThread().getName());
        assertThat(afterRun.isOverlapped()).isFalse();
        assertThatThrownBy(() -> afterRun.submit(() -> {
            throw new IllegalStateException("cannot write summary.json");
        })).isInstanceOf(IllegalStateException.class).hasMessage("cannot write summary.json");
    }

    @Test
    void awaitThrowsTheFirstFailureAsTheTaskThrewItAfterEveryTaskHasRun() {
        CountDownLatch submitted = new CountDownLatch(1);
        try (AfterRun afterRun = AfterRun.overlapped()) {
            afterRun.submit(() -> {
                await(submitted);
                throw new IllegalStateException("cannot write summary.json");
            });
            afterRun.submit(() -> {
                throw new IllegalArgumentException("second");
            });
            afterRun.submit(() -> done.add("third"));
            submitted.countDown();

            assertThatThrownBy(afterRun::await).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot write summary.json");
            assertThat(done).containsExactly("third");
            afterRun.await(); // thrown once, then gone
        }
    }

    @Test
    void submitThrowsTheFailureOfAnEndedTaskSoThatNoFurtherProcessStarts() throws Exception {
        try (AfterRun afterRun = AfterRun.overlapped()) {
            Future<?> failing = afterRun.submit(() -> {
                throw new IllegalStateException("cannot read the report");
            });
            AfterRun.await(failing);
            assertThat(failing).isDone();

            assertThatThrownBy(() -> afterRun.submit(() -> done.add("never"))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot read the report");
            afterRun.await();
            assertThat(done).isEmpty();
        }
    }

    @Test
    void awaitingOneTaskWaitsForItAloneAndLeavesItsFailureToAwait() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (AfterRun afterRun = AfterRun.overlapped()) {
            Future<?> failing = afterRun.submit(() -> {
                await(submitted);
                throw new IllegalStateException("prepare failed");
            });
            Future<?> blocked = afterRun.submit(() -> await(release));
            submitted.countDown();

            AfterRun.await(failing);
            assertThat(blocked).isNotDone();
            release.countDown();
            assertThatThrownBy(afterRun::await).hasMessage("prepare failed");
        }
    }

    @Test
    void awaitingThroughATaskWaitsForItAndThoseBeforeItButNotThoseAfter() {
        CountDownLatch release = new CountDownLatch(1);
        try (AfterRun afterRun = AfterRun.overlapped()) {
            afterRun.submit(() -> done.add("read 1"));
            Future<?> secondRead = afterRun.submit(() -> done.add("read 2"));
            Future<?> write = afterRun.submit(() -> {
                await(release);
                done.add("write 2");
            });

            afterRun.awaitThrough(secondRead);
            assertThat(done).containsExactly("read 1", "read 2");
            assertThat(write).isNotDone();
            afterRun.awaitThrough(secondRead); // already waited for
            afterRun.awaitThrough(null);
            release.countDown();
            afterRun.await();
            assertThat(done).containsExactly("read 1", "read 2", "write 2");
        }
    }

    @Test
    void awaitingThroughATaskThrowsTheFirstFailureUpToIt() {
        CountDownLatch submitted = new CountDownLatch(1);
        try (AfterRun afterRun = AfterRun.overlapped()) {
            afterRun.submit(() -> {
                await(submitted);
                throw new IllegalStateException("cannot write summary.json");
            });
            Future<?> read = afterRun.submit(() -> done.add("read"));
            submitted.countDown();

            assertThatThrownBy(() -> afterRun.awaitThrough(read)).hasMessage("cannot write summary.json");
            assertThat(done).containsExactly("read");
        }
    }

    @Test
    void anInterruptDoesNotCutTheWaitShortAndStaysSet() {
        try (AfterRun afterRun = AfterRun.overlapped()) {
            afterRun.submit(() -> {
                sleep(100);
                done.add("slow task");
            });
            Thread.currentThread().interrupt();

            afterRun.await();
            assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
            assertThat(done).containsExactly("slow task");
        }
    }

    @Test
    void closeWaitsForTheTasksAndStopsTheThread() throws Exception {
        Thread[] thread = new Thread[1];
        AfterRun afterRun = AfterRun.overlapped();
        afterRun.submit(() -> {
            thread[0] = Thread.currentThread();
            sleep(50);
            done.add("ran");
        });

        afterRun.close();
        assertThat(done).containsExactly("ran");
        thread[0].join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread[0].isAlive()).isFalse();
        assertThat(thread[0].isDaemon()).as("never holds the JVM").isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
