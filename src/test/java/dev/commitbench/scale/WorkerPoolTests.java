package dev.commitbench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Verifies {@link WorkerPool}: one worker per device, each unit pinned to its worker's device (real processes see
 * their {@code CUDA_VISIBLE_DEVICES}), results in plan order whatever the finishing order, early results, a failing
 * unit alone failing, sequential runs without devices, and cancelling.
 */
class WorkerPoolTests {

    private static final List<Device> FOUR = DeviceDiscovery.parseNvidiaSmi(SmiStubs.FOUR_H100);

    @Test
    void eachUnitRunsPinnedToOneDeviceAndResultsKeepPlanOrder() {
        Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> finished = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> units = IntStream.range(0, 8).boxed().toList();

        List<UnitResult<Integer, String>> results = new WorkerPool(FOUR).run(units, (unit, pinning) -> {
            int onDevice = busy.computeIfAbsent(pinning.id(), id -> new AtomicInteger()).incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                assertThat(onDevice).as("units on device %s at once", pinning.id()).isEqualTo(1);
                Thread.sleep(40L * (8 - unit)); // later units finish first
                return visibleDevices(pinning);
            } finally {
                running.decrementAndGet();
                busy.get(pinning.id()).decrementAndGet();
                finished.add(unit);
            }
        });

        assertThat(finished).isNotEqualTo(units);
        assertThat(results).extracting(UnitResult::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(results).extracting(UnitResult::unit).containsExactlyElementsOf(units);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(UnitResult.Status.SUCCEEDED);
            assertThat(result.pinning().device()).isIn(FOUR);
            assertThat(result.value()).as("CUDA_VISIBLE_DEVICES the unit's process saw")
                    .isEqualTo(result.pinning().id());
            assertThat(result.wallTime()).isPositive();
        });
        assertThat(results.subList(0, 4)).extracting(result -> result.pinning().id()).containsExactlyInAnyOrder("0",
                "1", "2", "3");
        assertThat(mostAtOnce).hasValue(4);
    }

    @Test
    void withoutDevicesTheUnitsRunOneAfterTheOtherOnTheDefaultDevice() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());

        List<UnitResult<Integer, String>> results = new WorkerPool(List.of()).run(List.of(0, 1, 2, 3), (unit, pinning) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(unit);
            Thread.sleep(20);
            running.decrementAndGet();
            return visibleDevices(pinning);
        });

        assertThat(mostAtOnce).hasValue(1);
        assertThat(order).containsExactly(0, 1, 2, 3);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.pinning()).isEqualTo(Pinning.none());
            assertThat(result.value()).as("nothing pinned").isEqualTo(System.getenv().getOrDefault(
                    "CUDA_VISIBLE_DEVICES", ""));
        });
    }

    @Test
    void aFailingUnitFailsAloneAndTheOthersKeepTheirResults() {
        IllegalStateException broken = new IllegalStateException("unit 2 broke");

        List<UnitResult<Integer, Integer>> results = new WorkerPool(FOUR.subList(0, 2)).run(List.of(0, 1, 2, 3, 4),
                (unit, pinning) -> {
                    if (unit == 2) {
                        throw broken;
                    }
                    return unit * 10;
                });

        assertThat(results).extracting(UnitResult::status).containsExactly(UnitResult.Status.SUCCEEDED,
                UnitResult.Status.SUCCEEDED, UnitResult.Status.FAILED, UnitResult.Status.SUCCEEDED,
                UnitResult.Status.SUCCEEDED);
        assertThat(results.get(2).failure()).isSameAs(broken);
        assertThat(results.get(2).value()).isNull();
        assertThat(results).extracting(UnitResult::value).containsExactly(0, 10, null, 30, 40);
    }

    @Test
    void aUnitsResultIsThereAsSoonAsItEndsWhileLaterUnitsStillRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WorkerPool.Batch<Integer, Integer> batch = new WorkerPool(FOUR.subList(0, 2)).start(List.of(0, 1),
                (unit, pinning) -> {
                    if (unit == 1) {
                        release.await();
                    }
                    return unit;
                })) {
            assertThat(batch.result(0).get(10, TimeUnit.SECONDS).value()).isZero();
            assertThat(batch.result(1)).isNotDone();
            release.countDown();
            assertThat(batch.result(1).get(10, TimeUnit.SECONDS).value()).isEqualTo(1);
        }
    }

    @Test
    void cancellingStopsTheRunningUnitsAndMarksTheRestNotRun() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        WorkerPool.Batch<Integer, Integer> batch = new WorkerPool(FOUR.subList(0, 2)).start(List.of(0, 1, 2, 3, 4),
                (unit, pinning) -> {
                    started.countDown();
                    Thread.sleep(60_000);
                    return unit;
                });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        batch.cancel();
        List<UnitResult<Integer, Integer>> results = batch.await();
        batch.close();

        assertThat(results).extracting(UnitResult::status).containsExactly(UnitResult.Status.FAILED,
                UnitResult.Status.FAILED, UnitResult.Status.NOT_RUN, UnitResult.Status.NOT_RUN,
                UnitResult.Status.NOT_RUN);
        assertThat(results.get(0).failure()).isInstanceOf(InterruptedException.class);
        assertThat(results.get(3).pinning()).isEqualTo(Pinning.none());
        assertThat(results.get(3).wallTime()).isZero();
        assertThat(batch.cancelled()).isTrue();
    }

    @Test
    void anInterruptedWaitCancelsTheBatchAndKeepsTheFlag() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (WorkerPool.Batch<Integer, Integer> batch = new WorkerPool(List.of()).start(List.of(0, 1, 2),
                (unit, pinning) -> {
                    started.countDown();
                    Thread.sleep(60_000);
                    return unit;
                })) {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.currentThread().interrupt();

            List<UnitResult<Integer, Integer>> results = batch.await();

            assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
            assertThat(results).extracting(UnitResult::status).containsExactly(UnitResult.Status.FAILED,
                    UnitResult.Status.NOT_RUN, UnitResult.Status.NOT_RUN);
        }
    }

    @Test
    void noUnitsIsNoResult() {
        assertThat(new WorkerPool(FOUR).run(List.of(), (unit, pinning) -> unit)).isEmpty();
        assertThat(new WorkerPool(FOUR).workers()).extracting(Pinning::id).containsExactly("0", "1", "2", "3");
    }

    /** Runs a real process with the pinning's environment and returns the {@code CUDA_VISIBLE_DEVICES} it saw. */
    private static String visibleDevices(Pinning pinning) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "printf %s \"$CUDA_VISIBLE_DEVICES\"");
        builder.environment().putAll(pinning.environment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
