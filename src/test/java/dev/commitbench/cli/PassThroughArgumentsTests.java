package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.session.SweepPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that the arguments for optimum-benchmark are read as benchmark.py reads them. */
class PassThroughArgumentsTests {

    private static final List<String> FLAGS = List.of("--commit", "--metrics", "--ensure_empty", "--repo_id");

    private static PassThroughArguments parse(String... args) {
        return PassThroughArguments.parse(List.of(args), FLAGS);
    }

    @Test
    void several_models_give_one_point_each_and_every_model_argument_is_removed() {
        PassThroughArguments hydra = parse("backend.model=gpt2,distilgpt2", "scenario.input_shapes.batch_size=1,2",
                "backend.model=ignored", "--multirun");

        assertThat(hydra.models()).containsExactly("gpt2", "distilgpt2");
        assertThat(hydra.points()).containsExactly(
                SweepPoint.ofHydraSyntax(Map.of("backend.model", "gpt2")),
                SweepPoint.ofHydraSyntax(Map.of("backend.model", "distilgpt2")));
        assertThat(hydra.extraArgs()).containsExactly("scenario.input_shapes.batch_size=1,2", "--multirun");
        assertThat(hydra.multirun()).isTrue();
    }

    @Test
    void model_with_slashes_is_one_model() {
        PassThroughArguments hydra = parse("backend.model=/srv/models/tiny-gpt2");

        assertThat(hydra.points()).containsExactly(SweepPoint.ofHydraSyntax(Map.of("backend.model", "/srv/models/tiny-gpt2")));
    }

    @Test
    void models_are_hydra_syntax_split_where_hydra_splits_a_sweep_and_passed_on_as_written() {
        PassThroughArguments hydra = parse("backend.model='/my models/a,b',/srv/my\\ model\\=1,gpt2");

        assertThat(hydra.models()).containsExactly("'/my models/a,b'", "/srv/my\\ model\\=1", "gpt2");
        assertThat(hydra.points().get(1).overrides()).containsExactly("backend.model=/srv/my\\ model\\=1");
        assertThat(hydra.points().get(0).literalValues()).containsEntry("backend.model", "/my models/a,b");
        assertThat(hydra.points().get(1).assignments()).containsExactly("backend.model=/srv/my model=1");
    }

    @Test
    void the_output_folder_is_read_as_hydra_reads_it() {
        assertThat(parse("hydra.run.dir=my\\ results/commit\\=x").outputDir()).contains("my results/commit=x");
        assertThat(parse("hydra.sweep.dir='my results'", "-m").outputDir()).contains("my results");
    }

    @Test
    void an_output_folder_that_is_no_plain_path_is_a_usage_error_naming_it() {
        assertThatThrownBy(() -> parse("hydra.run.dir=outputs/${now:%Y-%m-%d}"))
                .isInstanceOf(UsageException.class)
                .hasMessage("Usage error: [hydra.run.dir=outputs/${now:%Y-%m-%d}] is not a plain folder: commitbench"
                        + " creates the run folder there itself, so the value must be one path (escape = , : and spaces"
                        + " with a backslash, or quote it, e.g. hydra.run.dir='my results'), not a sweep, a list or an"
                        + " interpolation like ${now:...}.");
    }

    @Test
    void without_model_there_is_the_single_empty_point() {
        assertThat(parse("scenario.input_shapes.batch_size=2").points()).containsExactly(SweepPoint.empty());
    }

    @Test
    void short_multirun_flag_is_recognised() {
        PassThroughArguments hydra = parse("-m", "hydra.sweep.dir=out", "hydra.run.dir=kept");

        assertThat(hydra.multirun()).isTrue();
        assertThat(hydra.outputDir()).contains("out");
        assertThat(hydra.extraArgs()).containsExactly("-m", "hydra.run.dir=kept");
    }

    @Test
    void run_mode_takes_the_run_dir_and_passes_the_sweep_dir_on_as_benchmark_py_does() {
        PassThroughArguments hydra = parse("hydra.sweep.dir=kept", "hydra.run.dir=out", "a=1");

        assertThat(hydra.multirun()).isFalse();
        assertThat(hydra.outputDir()).contains("out");
        assertThat(hydra.extraArgs()).containsExactly("hydra.sweep.dir=kept", "a=1");
    }

    @Test
    void without_a_dir_argument_there_is_no_output_dir() {
        assertThat(parse("a=1").outputDir()).isEmpty();
    }

    @Test
    void misspelled_flag_gets_the_closest_known_flag() {
        assertThatThrownBy(() -> parse("a=1", "--metric=decode.latency.mean"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Usage error: unknown flag [--metric]. Did you mean --metrics?");
        assertThatThrownBy(() -> parse("--multi-run"))
                .hasMessageStartingWith("Usage error: unknown flag [--multi-run]. Did you mean --multirun?");
        assertThatThrownBy(() -> parse("--repo-id", "x"))
                .hasMessageStartingWith("Usage error: unknown flag [--repo-id]. Did you mean --repo_id?");
    }


    /** Verifies that the command engine reads key=value arguments as Hydra would, giving the points @Sweep gives. */
    @Test
    void command_engine_sweeps_key_value_lists_under_multirun_in_command_line_order() {
        assertThat(parse("size=small,large", "threads=1,2", "--multirun").commandPoints()).containsExactly(
                new SweepPoint(Map.of("size", "small", "threads", "1")), new SweepPoint(Map.of("size", "small", "threads", "2")),
                new SweepPoint(Map.of("size", "large", "threads", "1")), new SweepPoint(Map.of("size", "large", "threads", "2")));
        assertThat(parse("-m", "size=small", "backend.model=a,b").commandPoints()).containsExactly(
                new SweepPoint(Map.of("backend.model", "a", "size", "small")),
                new SweepPoint(Map.of("backend.model", "b", "size", "small")));
        assertThat(parse("size=small", "note='a,b'", "list=[1,2]").commandPoints()).as("run mode: one point")
                .containsExactly(new SweepPoint(Map.of("size", "small", "note", "a,b", "list", "[1,2]")));
        assertThat(parse().commandPoints()).containsExactly(SweepPoint.empty());
    }

    @Test
    void command_engine_rejects_what_hydra_would_reject_or_it_cannot_expand() {
        assertThatThrownBy(() -> parse("size=small,large").commandPoints()).isInstanceOf(UsageException.class)
                .hasMessage("Usage error: [size=small,large] has several values, which Hydra (and so commitbench) sweeps"
                        + " only with --multirun. Add --multirun to run one point per value, or quote the value"
                        + " (size='small,large') to pass it as one value.");
        assertThatThrownBy(() -> parse("size=small,,large", "-m").commandPoints()).hasMessage("Usage error:"
                + " [size=small,,large] has an empty value. Separate the values with single commas, for example"
                + " size=small,large.");
        assertThatThrownBy(() -> parse("size=a", "size=b").commandPoints()).hasMessage("Usage error: [size] is given"
                + " twice (size=b). Give each key once; with --multirun, key=a,b runs one point per value.");
        assertThatThrownBy(() -> parse("small").commandPoints()).hasMessage("Usage error: [small] is not key=value."
                + " The command engine takes key=value arguments as values for placeholders in --command (size=small"
                + " gives ${size}), and key=a,b with --multirun runs one point per value.");
        assertThatThrownBy(() -> parse("n=range(1,4)", "-m").commandPoints()).hasMessage("Usage error: [n=range(1,4)]"
                + " uses a Hydra sweep function, which the command engine does not expand. List the values instead:"
                + " key=a,b,c with --multirun.");
    }
}
