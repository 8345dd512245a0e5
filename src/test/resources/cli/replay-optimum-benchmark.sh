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
# A "model <new model> <recorded model>" line in MAP replays the recorded model's outputs as those of the
# new model (given as backend.model=<new model>): the name is replaced in every path and file, so a test
# gets two models' outputs from one recorded model.
set -eu
recorded=$1
map=$2
sha=$3
shift 3

run_dir=
sweep_dir=
multirun=no
model=
for arg in "$@"; do
  case $arg in
    backend.model=*) model=${arg#backend.model=} ;;
    hydra.run.dir=*) run_dir=${arg#hydra.run.dir=} ;;
    hydra.sweep.dir=*) sweep_dir=${arg#hydra.sweep.dir=} ;;
    --multirun|-m) multirun=yes ;;
  esac
done
if [ "$multirun" = yes ]; then target=$sweep_dir; else target=$run_dir; fi
# The folder is Hydra override syntax (commit\=<sha>, a\ b, or 'quoted'): read it as Hydra does.
case $target in
  \'*\') target=$(printf '%s\n' "$target" | sed -e "s/^'//" -e "s/'\$//" -e "s/\\\\'/'/g") ;;
  *) target=$(printf '%s\n' "$target" | sed 's/\\\([][(){}:=, \\]\)/\1/g') ;;
esac
if [ -z "$target" ]; then
  echo "replay: no hydra.run.dir= (or hydra.sweep.dir= with --multirun) in: $*" >&2
  exit 2
fi

recorded_sha=$(awk -v s="$sha" '$1 == s { print $2 }' "$map")
if [ -z "$recorded_sha" ] || [ ! -d "$recorded/commit=$recorded_sha" ]; then
  echo "replay: no recorded outputs for commit $sha (map $map, recorded $recorded)" >&2
  exit 1
fi

recorded_model=$(awk -v m="$model" '$1 == "model" && $2 == m { print $3 }' "$map")
mkdir -p "$target"
if [ -z "$recorded_model" ]; then
  cp -R "$recorded/commit=$recorded_sha/." "$target/"
  find "$target" -name summary.json -type f -exec rm -f {} +
else
  (cd "$recorded/commit=$recorded_sha" && find . -type f ! -name summary.json) | while IFS= read -r file; do
    renamed=$(printf '%s\n' "$file" | sed "s|$recorded_model|$model|g")
    mkdir -p "$target/$(dirname "$renamed")"
    sed "s|$recorded_model|$model|g" "$recorded/commit=$recorded_sha/$file" > "$target/$renamed"
  done
fi
echo "replay: copied commit=$recorded_sha into $target"
