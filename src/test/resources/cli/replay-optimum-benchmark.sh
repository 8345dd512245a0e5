#!/bin/sh
# Test-only stand-in for optimum-benchmark that replays recorded outputs instead of benchmarking.
#
#   sh replay-optimum-benchmark.sh RECORDED MAP SHA [optimum-benchmark arguments...]
#
# RECORDED is a run folder written by transformers' benchmark.py (it holds commit=<sha>/ folders), MAP a
# file of "<new sha> <recorded sha>" lines, SHA the commit being benchmarked (the engine expands ${sha}).
# The script copies everything under RECORDED/commit=<recorded sha>/ into the folder optimum-benchmark
# would write to (hydra.sweep.dir with --multirun or -m, else hydra.run.dir), except benchmark.py's own
# summary.json files, which commitbench must write itself. So a golden test gets exactly the
# optimum-benchmark outputs benchmark.py summarized, and compares the files commitbench writes from them.
set -eu
recorded=$1
map=$2
sha=$3
shift 3

run_dir=
sweep_dir=
multirun=no
for arg in "$@"; do
  case $arg in
    hydra.run.dir=*) run_dir=${arg#hydra.run.dir=} ;;
    hydra.sweep.dir=*) sweep_dir=${arg#hydra.sweep.dir=} ;;
    --multirun|-m) multirun=yes ;;
  esac
done
if [ "$multirun" = yes ]; then target=$sweep_dir; else target=$run_dir; fi
if [ -z "$target" ]; then
  echo "replay: no hydra.run.dir= (or hydra.sweep.dir= with --multirun) in: $*" >&2
  exit 2
fi

recorded_sha=$(awk -v s="$sha" '$1 == s { print $2 }' "$map")
if [ -z "$recorded_sha" ] || [ ! -d "$recorded/commit=$recorded_sha" ]; then
  echo "replay: no recorded outputs for commit $sha (map $map, recorded $recorded)" >&2
  exit 1
fi

mkdir -p "$target"
cp -R "$recorded/commit=$recorded_sha/." "$target/"
find "$target" -name summary.json -type f -exec rm -f {} +
echo "replay: copied commit=$recorded_sha into $target"
