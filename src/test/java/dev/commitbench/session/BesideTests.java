package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Verifies that {@link Beside} runs its two parts at once and returns only when both have ended. */
class BesideTests {

    @Test
    void getRunsBothAtOnceAndReturnsWhatHereGaveOnceBesideHasEnded() {
        var besideStarted = new CountDownLatch(1);
        var besideEnded = new AtomicBoolean();

        String result = Beside.get("beside-test", () -> {
            besideStarted.countDown();
            sleep(200);
            besideEnded.set(true);
        }, () -> {
            await(besideStarted); // here waits for beside: they run at the same time
            return "here's result";
        });

        assertThat(result).isEqualTo("here's result");
        assertThat(besideEnded).isTrue();
    }

    @Test
    void whatHereThrowsComesFirstWithWhatBesideThrewSuppressed() {
        assertThatThrownBy(() -> Beside.get("beside-test", () -> {
            throw new IllegalStateException("beside failed");
        }, () -> {
            throw new IllegalArgumentException("here failed");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("here failed")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("beside failed")));
    }

    @Test
    void whatBesideThrowsIsThrownAfterHereHasEnded() {
        var hereEnded = new AtomicBoolean();
        assertThatThrownBy(() -> Beside.run("beside-test", () -> {
            throw new IllegalStateException("beside failed");
        }, () -> hereEnded.set(true))).isInstanceOf(IllegalStateException.class).hasMessage("beside failed");
        assertThat(hereEnded).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
