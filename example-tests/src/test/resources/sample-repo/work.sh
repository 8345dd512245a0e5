#!/bin/sh
# The sample project's "hot path": it waits on a (simulated) slow service, then sums a few numbers.
# Waiting keeps the demo's timings steady even on a busy CI machine; the benchmarked command runs this
# file from each commit's checkout, so a commit that waits longer is measurably slower.
sleep 0.1
i=0
s=0
while [ "$i" -lt 1000 ]; do
    s=$((s + i))
    i=$((i + 1))
done
echo "sum: $s" > /dev/null
