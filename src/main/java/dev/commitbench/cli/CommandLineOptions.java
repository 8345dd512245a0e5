package dev.commitbench.cli;

import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.EngineSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code CommandLineOptions} is the command line's flags, as picocli fills them in ({@code --help} lists them in
 * this order): benchmark.py's, then commitbench's own. {@link CommandLinePlan} reads them into a plan.
 */
final class CommandLineOptions {

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "The folder holding optimum-benchmark's configs (required for optimum-benchmark); a"
                    + " relative one is relative to the repository root and read from each commit's checkout.")
    String configDir;

    @Option(names = "--config-from-checkout",
            description = "Resolve a relative --config-dir against the current checkout, so that one benchmark"
                    + " definition measures every commit. Default: against each commit's own workspace.")
    boolean configFromCheckout;

    @Option(names = "--config-name", paramLabel = "NAME",
            description = "The config's name, without .yaml (required for optimum-benchmark).")
    String configName;

    @Option(names = "--commit", paramLabel = "COMMITS",
            description = {"Comma-separated branches, tags or SHAs; the first is the baseline. 'diff' compares"
                    + " HEAD with its merge-base with --base. WORKTREE is the working tree with its uncommitted"
                    + " changes (HEAD,WORKTREE: is my change slower?); diff+worktree compares the merge-base with it."
                    + " Default: the current HEAD only."})
    String commit;

    @Option(names = "--metrics", paramLabel = "PATHS",
            description = "Comma-separated metric paths to summarize and compare."
                    + " Default: benchmark.py's list (call.latency.mean for --engine command).")
    String metrics;

    @Option(names = "--expand_metrics",
            description = "Nest the summaries' metrics by their path segments, as benchmark.py's expand_metrics does"
                    + " (done right: metrics sharing a prefix share its object).")
    boolean expandMetrics;

    @Option(names = "--ensure_empty", paramLabel = "true|false", defaultValue = "true",
            description = "true: results go into a fresh tmpXXXXXXXX folder; false: straight into the output"
                    + " folder. Default: ${DEFAULT-VALUE}.")
    String ensureEmpty;

    @Option(names = "--repo_id", paramLabel = "ORG/NAME",
            description = "The Hugging Face dataset to upload the run folder to (with --path_in_repo).")
    String repoId;

    @Option(names = "--path_in_repo", paramLabel = "PATH",
            description = "Where the run folder goes in the dataset.")
    String pathInRepo;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The Hugging Face token for the upload. Default: HF_TOKEN, then the token file.")
    String token;

    @Option(names = "--create_repo",
            description = "Create the dataset first when it does not exist (an existing one is used as is).")
    boolean createRepo;

    @Option(names = "--create_pr",
            description = "Open a pull request on the dataset instead of committing to its main branch.")
    boolean createPr;

    @Option(names = "--upload-warn-only",
            description = "A failed upload only prints a warning and leaves the exit code alone. Default: it exits 3.")
    boolean uploadWarnOnly;

    @Option(names = "--in-place",
            description = "Check each commit out in the repository itself, as benchmark.py does (refuses a dirty"
                    + " tree; restores the branch afterwards). Default: a separate worktree per commit.")
    boolean inPlace;

    @Option(names = "--setup", paramLabel = "COMMAND",
            description = "A shell command run in each commit's workspace before its runs (in place: after every"
                    + " checkout), e.g. \"pip install -e $${workspace}\"; placeholders $${workspace}, $${sha}, $${ref}.")
    String setup;

    @Option(names = "--setup-timeout", paramLabel = "DURATION",
            description = "The limit for one run of --setup, e.g. 30m, 90s or 2h; then its whole process tree is"
                    + " killed and the commit's runs are errors. Default: 1h.")
    String setupTimeout;

    @Option(names = "--env", paramLabel = "KEY=VALUE",
            description = "A per-commit environment variable for setup and the engine, e.g."
                    + " PYTHONPATH=$${workspace}/src (same placeholders); repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--workspace-root", paramLabel = "DIR",
            description = "Where the worktrees (and setup logs) go. Default: under the system temp directory.")
    Path workspaceRoot;

    @Option(names = "--keep-workspaces",
            description = "Keep the worktrees when a run failed, to look into them.")
    boolean keepWorkspaces;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Keep the worktrees here and reuse them across runs (checked against each commit's tree).")
    Path cacheDir;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Rounds per commit, interleaved (ABBA). Default: 3, or 1 with a single commit.")
    Integer rounds;

    @Option(names = "--max-rounds", paramLabel = "N",
            description = "Add one round per commit while a comparison's gate is undecided, up to N rounds; stop as"
                    + " soon as every gate is decided. Default: 10 (or --rounds when that is more); --max-rounds"
                    + " equal to --rounds runs a fixed number.")
    Integer maxRounds;

    @Option(names = "--inconclusive", paramLabel = "abort|fail|pass", defaultValue = "abort",
            description = "What a gate still undecided after --max-rounds does: abort (exit 4), fail (exit 1) or"
                    + " pass (exit 0). A probable regression follows --probable-regression. Default: ${DEFAULT-VALUE}.")
    String inconclusive;

    @Option(names = "--probable-regression", paramLabel = "fail|abort|pass", defaultValue = "fail",
            description = "What a probable regression does, an undecided gate whose estimate lies beyond --threshold"
                    + " with its whole interval above 0: fail (exit 1), abort (exit 4) or pass (exit 0)."
                    + " Default: ${DEFAULT-VALUE}.")
    String probableRegression;

    @Option(names = "--threshold", paramLabel = "PERCENT",
            description = "The slowdown that counts as a regression, in percent. Default: 5.")
    Double threshold;

    @Option(names = "--direction", paramLabel = "METRIC=higher|lower",
            description = "Which way is better for a metric, overriding the default from its path (throughput"
                    + " and efficiency higher, anything else lower). Repeatable.")
    List<String> directions = new ArrayList<>();

    @Option(names = "--base", paramLabel = "BRANCH", defaultValue = BenchmarkPlan.DEFAULT_BASE,
            description = "The branch 'diff' compares with. Default: ${DEFAULT-VALUE}.")
    String base;

    @Option(names = "--report", paramLabel = "FORMATS", defaultValue = "md,html",
            description = "The readable reports written into the run folder: md, html, both, or none."
                    + " Default: ${DEFAULT-VALUE}.")
    String report;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = EngineSettings.OPTIMUM_BENCHMARK,
            description = "optimum-benchmark or command. Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--command", paramLabel = "COMMAND",
            description = "The command the command engine times, e.g. \"sh ./bench.sh $${size}\"; placeholders"
                    + " $${workspace}, $${sha}, $${ref} and the keys of key=value arguments.")
    String command;

    @Option(names = "--iterations", paramLabel = "N",
            description = "The command engine's timed runs of --command per round. Default: "
                    + BenchmarkPlan.DEFAULT_ITERATIONS + ".")
    Integer iterations;

    @Option(names = "--warmups", paramLabel = "N",
            description = "The command engine's untimed runs before them. Default: " + BenchmarkPlan.DEFAULT_WARMUPS + ".")
    Integer warmups;

    @Option(names = "--executable", paramLabel = "COMMAND", defaultValue = EngineSettings.OPTIMUM_BENCHMARK,
            description = "How to start optimum-benchmark, e.g. \"/opt/venv/bin/optimum-benchmark\" or"
                    + " \"$${workspace}/.venv/bin/optimum-benchmark\". Default: ${DEFAULT-VALUE}.")
    String executable;

    @Option(names = "--verbose", description = "Show optimum-benchmark's output as it runs.")
    boolean verbose;

    @Option(names = "--devices", paramLabel = "0,1,2,3|auto",
            description = "Run the points in parallel, one per device (nvidia-smi/rocm-smi indices or UUIDs, or auto"
                    + " for every GPU found), every run of a point pinned to its device. Default: one point after"
                    + " the other on the default device.")
    String devices;

    @Option(names = "--executor", paramLabel = "local|slurm", defaultValue = "local",
            description = "slurm: plan, run the shards as one Slurm array (sbatch --array), wait, merge"
                    + " (docs/scale-out.md). Default: ${DEFAULT-VALUE}.")
    String executor;

    @Option(names = "--shards", paramLabel = "N",
            description = "With --executor slurm: the number of shards (array tasks); at most the number of points.")
    Integer shards;

    @Option(names = "--slurm-option", paramLabel = "ARG",
            description = "With --executor slurm: an sbatch option passed as it is, e.g. --slurm-option=--gres=gpu:1"
                    + " or --slurm-option=--partition=gpu; repeatable.")
    List<String> slurmOptions = new ArrayList<>();
}
