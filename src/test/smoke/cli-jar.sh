#!/bin/sh
# Smoke check of the shipped jar, run by Maven in the verify phase (pom.xml, execution cli-jar-smoke):
# `java -jar commitbench-cli.jar` shows its help and bisect's (exit 0) and the build's version (exit 0), refuses a misspelled
# flag (exit 2) and an unknown commit in a real git repository (exit 2, after JGit has loaded), runs a
# command-engine sweep on the uncommitted change (exit 0), and never prints SLF4J's warning.
# Usage: sh src/test/smoke/cli-jar.sh target/commitbench-cli.jar <the project's version>
set -u
jar=$1
version=${2:?the project version, e.g. 0.1.0, is the second argument}
work=$(mktemp -d "${TMPDIR:-/tmp}/commitbench-smoke.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
failures=0

# expect NAME CODE TEXT -- ARGS...: runs the jar in $work/repo, checks its exit code, that stderr+stdout
# contain TEXT, and that stderr has no SLF4J line
expect() {
    name=$1 code=$2 text=$3
    shift 4
    (cd "$work/repo" && java -jar "$jar" "$@" >"$work/out" 2>"$work/err")
    actual=$?
    problem=
    [ "$actual" = "$code" ] || problem="exit code $actual, expected $code"
    grep -qF -- "$text" "$work/out" "$work/err" || problem="$problem; output lacks [$text]"
    ! grep -q SLF4J "$work/err" || problem="$problem; stderr has an SLF4J warning"
    ! grep -q "picocli WARN" "$work/out" "$work/err" || problem="$problem; picocli warns about the help text"
    if [ -n "$problem" ]; then
        echo "cli-jar smoke check FAILED: $name: $problem. stderr was:" >&2
        cat "$work/err" >&2
        failures=$((failures + 1))
    else
        echo "cli-jar smoke check: $name: ok"
    fi
}

[ -f "$jar" ] || { echo "cli-jar smoke check FAILED: no jar at [$jar]: run ./mvnw package first" >&2; exit 1; }
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
mkdir "$work/repo" && git -C "$work/repo" init -q && git -C "$work/repo" config user.name "commitbench smoke" \
    && git -C "$work/repo" config user.email smoke@commitbench.dev && git -C "$work/repo" config commit.gpgsign false \
    && git -C "$work/repo" commit -q --allow-empty -m "smoke" || exit 1

expect "--help" 0 "Exit codes:" -- --help
expect "bisect --help" 0 "Finds the commit that made a metric worse" -- bisect --help
expect "--version" 0 "commitbench $version" -- --version
expect "misspelled flag" 2 "Usage error: unknown flag [--commits]. Did you mean --commit?" -- \
    --commits main,HEAD --config-dir benchmark/config --config-name generation
expect "unknown commit" 2 "Usage error: Unknown commit [no-such-commit]" -- \
    --commit no-such-commit --config-dir benchmark/config --config-name generation

# a whole run: the command engine with a sweep, on the uncommitted change (worktrees made and removed, JGit used)
printf 'echo "size $1"\n' > "$work/repo/bench.sh" && git -C "$work/repo" add bench.sh \
    && git -C "$work/repo" commit -q -m bench && printf '# uncommitted\n' >> "$work/repo/bench.sh" || exit 1
expect "a command-engine sweep on WORKTREE" 0 "[2/2] size=b · WORKTREE@" -- \
    --engine command --command 'sh ./bench.sh ${size}' --commit WORKTREE size=a,b --multirun --iterations 1 --warmups 0

if [ "$failures" -gt 0 ]; then
    echo "cli-jar smoke check: $failures check(s) failed" >&2
    exit 1
fi
