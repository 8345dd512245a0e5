package dev.commitbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedReportTests {

    private static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    private static final Commit HEAD = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");

    @Test
    void keeps_cells_in_plan_order_and_round_trips_through_json() {
        CombinedReport report = CombinedReport.builder()
                .commits(List.of(MAIN, HEAD))
                .thresholdPercent(3.0)
                .put("gpt2", "batch_size=1", MAIN.sha(),
                        new Measurement("decode.latency.mean", "s", List.of(1.0, 1.2), List.of(List.of(0.9, 1.1), List.of(1.2))))
                .put("gpt2", "batch_size=1", HEAD.sha(),
                        new Measurement("decode.latency.mean", "s", List.of(2.0), List.of(List.of(2.0))))
                .failure(new RunFailure(HEAD, "batch_size=2", 1, "/tmp/x", "exit 1"))
                .build();

        CombinedReport back = CombinedReport.fromJson(report.toJson());

        assertThat(back).isEqualTo(report);
        assertThat(back.models()).containsExactly("gpt2");
        assertThat(back.baseline()).contains(MAIN);
        assertThat(back.candidates()).containsExactly(HEAD);
        assertThat(back.value("gpt2", "batch_size=1", MAIN.sha(), "decode.latency.mean")).contains(1.0);
        assertThat(back.value("gpt2", "batch_size=1", MAIN.sha(), "decode.throughput.value")).isEmpty();
        assertThat(back.samples("gpt2", "batch_size=1", MAIN.sha(), "decode.latency.mean"))
                .containsExactly(List.of(0.9, 1.1), List.of(1.2));
        assertThat(back.unit("decode.latency.mean")).contains("s");
    }

    @Test
    void the_working_tree_keeps_its_tree_through_json() {
        Commit worktree = new Commit("9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", Commit.WORKTREE,
                "70047ded72655b4bf362285ea824b7196eca267a");
        CombinedReport report = CombinedReport.builder().commits(List.of(HEAD, worktree)).build();

        CombinedReport back = CombinedReport.fromJson(report.toJson());

        assertThat(back.candidates()).containsExactly(worktree);
        assertThat(back.candidates().get(0).isWorkingTree()).isTrue();
        assertThat(back.baseline()).hasValueSatisfying(c -> assertThat(c.isWorkingTree()).isFalse());
        assertThat(worktree.displayName()).isEqualTo("WORKTREE@9f8e7d6");
    }

    @Test
    void commit_display_name_has_label_and_short_sha() {
        assertThat(MAIN.displayName()).isEqualTo("main@1a2b3c4");
        assertThat(new Commit(MAIN.sha(), MAIN.sha()).displayName()).isEqualTo("1a2b3c4");
    }

    @Test
    void merging_into_one_builder_gives_what_merging_pairwise_gives_and_first_cells_win() {
        Measurement first = new Measurement("decode.latency.mean", "s", List.of(1.0), List.of(List.of(1.0)));
        Measurement second = new Measurement("decode.latency.mean", "s", List.of(9.0), List.of(List.of(9.0)));
        CombinedReport a = CombinedReport.builder().commits(List.of(MAIN)).thresholdPercent(3.0)
                .put("gpt2", "batch_size=1", MAIN.sha(), first).build();
        CombinedReport b = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .put("gpt2", "batch_size=1", MAIN.sha(), second)
                .put("gpt2", "batch_size=2", HEAD.sha(), second)
                .failure(new RunFailure(HEAD, "batch_size=2", 1, "/tmp/x", "exit 1")).build();
        CombinedReport c = CombinedReport.builder().commits(List.of(HEAD))
                .put("bert", "batch_size=1", HEAD.sha(), first).build();

        CombinedReport together = a.toBuilder().merge(b).merge(c).build();

        assertThat(together).isEqualTo(a.merge(b).merge(c));
        assertThat(together.commits()).containsExactly(MAIN, HEAD);
        assertThat(together.models()).containsExactly("gpt2", "bert");
        assertThat(together.value("gpt2", "batch_size=1", MAIN.sha(), "decode.latency.mean")).contains(1.0);
        assertThat(together.failures()).hasSize(1);
        assertThat(together.thresholdPercent()).isEqualTo(3.0);
    }
}
