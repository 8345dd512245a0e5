package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.Sweep;
import dev.commitbench.testing.RealEngineRepository;

/**
 * Run by {@link ExtensionRealEngineTests} only: the real optimum-benchmark on {@link RealEngineRepository}'s
 * commits, written as a user writes a benchmark. The model of the {@code @Sweep} is a folder whose path holds a
 * space, {@code =} and {@code ,}. Two rounds each, and more (up to 4) only while a comparison is inconclusive, so
 * the number of real runs is bounded (4 to 8 per method); the thresholds are generous because real runs on a busy
 * 2-core machine differ by up to 2 times, while 64 new tokens instead of 16 take about 4 times as long to decode.
 * Torch runs on one thread, which varies far less when other processes take CPU time.
 */
@BenchmarkAcrossCommits(configDir = "benchmark/config", configName = "generation", metrics = "decode.latency.mean",
        rounds = 2, maxRounds = 4, env = {"HF_HUB_OFFLINE=1", "OMP_NUM_THREADS=1"})
@Sweep(key = "backend.model", values = RealEngineRepository.MODEL)
class ExtensionRealEngineTestCases {

    @BenchmarkAcrossCommits(commits = {"base", "readme"}, threshold = 150)
    void aReadmeChangeIsNoSlower() {
    }

    @BenchmarkAcrossCommits(commits = {"readme", "slower"}, threshold = 100)
    void fourTimesTheTokensIsSlower() {
    }
}
