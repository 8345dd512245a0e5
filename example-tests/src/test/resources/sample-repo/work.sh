#!/bin/sh
# The sample project's "hot path": sums numbers in a loop. The benchmarked command runs this file from
# each commit's checkout, so a commit that makes the loop longer is measurably slower.
n=20000
i=0
s=0
while [ "$i" -lt "$n" ]; do
    s=$((s + i))
    i=$((i + 1))
done
echo "summed $n numbers: $s" > /dev/null
