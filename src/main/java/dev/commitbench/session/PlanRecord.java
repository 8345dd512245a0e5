package dev.commitbench.session;

import dev.commitbench.Commit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PlanRecord} is used to write a plan as {@code commitbench.json} records it: the resolved commits, the
 * engine's settings, and what decides the outcome.
 */
final class PlanRecord {

    private PlanRecord() {
    }

    /**
     * @param workTree   the repository's working tree, or {@code null} to leave it out (a plan for other machines)
     * @param configDirs the config directory each materialized commit read, by SHA
     */
    static Map<String, Object> of(BenchmarkPlan plan, Path workTree, List<Commit> commits, Map<String, String> configDirs) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (workTree != null) {
            map.put("repository", workTree.toString());
        }
        map.put("commits", commits.stream().map(c -> {
            Map<String, String> commit = new LinkedHashMap<>();
            commit.put("sha", c.sha());
            commit.put("label", c.label());
            if (c.isWorkingTree()) {
                commit.put("tree", c.tree());
            }
            return commit;
        }).toList());
        EngineSettings engine = plan.engine();
        map.put("engine", engine.name());
        if (engine.isCommand()) {
            map.put("command", engine.command());
            map.put("warmups", engine.warmups());
            map.put("iterations", engine.iterations());
        } else {
            map.put("executable", engine.executable());
            map.put("configDir", engine.configDir());
            map.put("configFromCheckout", engine.configFromCheckout());
            map.put("configDirs", configDirs);
            map.put("configName", engine.configName());
        }
        map.put("metrics", plan.metrics());
        map.put("points", plan.points().stream().map(SweepPoint::values).toList());
        map.put("extraArgs", engine.extraArgs());
        map.put("rounds", plan.rounds());
        map.put("maxRounds", plan.maxRounds());
        map.put("thresholdPercent", plan.comparison().thresholdPercent());
        map.put("confidence", plan.comparison().confidence());
        map.put("order", plan.order().name());
        map.put("seed", plan.comparison().seed());
        map.put("checkout", plan.workspaces().mode().name());
        map.put("inconclusive", plan.policies().inconclusive().name());
        map.put("probableRegression", plan.policies().probableRegression().name());
        if (!plan.comparison().directions().isEmpty()) {
            map.put("directions", plan.comparison().directions());
        }
        return map;
    }
}
