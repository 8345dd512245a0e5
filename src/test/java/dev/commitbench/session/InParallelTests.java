package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Verifies what the shard merge counts on when it reads, links and analyses many shards at once: results in the
 * items' order whatever order they finish in, several threads really at work, every item tried when one fails, and
 * the first failure in the items' order thrown with the later ones suppressed.
 */
class InParallelTests {

    @Test
    void resultsComeBackInTheItemsOrderWhateverOrderTheyFinishIn() {
        List<Integer> items = IntStream.range(0, 40).boxed().toList();

        List<String> results = InParallel.map("test", items, 4, i -> {
            sleep(i % 3 == 0 ? 5 : 0); // every third item finishes late
            return "item " + i;
        });

        assertThat(results).containsExactlyElementsOf(items.stream().map(i -> "item " + i).toList());
    }

    @Test
    void itemsRunOnSeveralThreadsAtOnce() throws InterruptedException {
        CountDownLatch allStarted = new CountDownLatch(3);
        Set<String> threads = ConcurrentHashMap.newKeySet();

        List<Boolean> met = InParallel.map("worker", List.of(1, 2, 3), 3, i -> {
            threads.add(Thread.currentThread().getName());
            allStarted.countDown();
            try {
                return allStarted.await(10, TimeUnit.SECONDS); // true only when the three run at the same time
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(met).containsExactly(true, true, true);
        assertThat(threads).hasSize(3).anyMatch(name -> name.startsWith("worker-"));
    }

    @Test
    void everyItemIsTriedAndTheFirstFailureInItemOrderIsThrownWithTheLaterOnesSuppressed() {
        Set<Integer> tried = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> InParallel.map("test", List.of(0, 1, 2, 3, 4), 2, i -> {
            tried.add(i);
            sleep(i == 1 ? 20 : 0); // the first failure in item order ends last
            if (i == 1 || i == 3) {
                throw new IllegalArgumentException("item " + i + " failed");
            }
            return i;
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("item 1 failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("item 3 failed"));
        assertThat(tried).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void anErrorIsThrownWrappedSoThatTheCallerSeesAnUncheckedException() {
        assertThatThrownBy(() -> InParallel.map("test", List.of(1), 2, i -> {
            throw new AssertionError("broken");
        })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(AssertionError.class)
                .hasMessageContaining("broken");
    }

    @Test
    void noItemsGiveNoResults() {
        assertThat(InParallel.map("test", List.<Integer>of(), 4, i -> i)).isEmpty();
    }

    @Test
    void fileThreadsAreBetweenTwoAndEight() {
        assertThat(InParallel.fileThreads()).isBetween(2, 8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
