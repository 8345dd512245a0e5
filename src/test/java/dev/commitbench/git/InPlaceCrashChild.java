package dev.commitbench.git;

import dev.commitbench.Commit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code InPlaceCrashChild} is used by {@link InPlaceCrashTests} as the process that gets killed: it opens
 * in-place workspaces (restoring a crashed run first), prints its notes and {@code ready}, waits for a line on standard
 * input, then checks the given commits out in a loop with small sleeps until it is killed. In {@code exit}
 * mode it checks out the first commit and exits without closing, so only the shutdown hook restores.
 *
 * <p>Usage: {@code InPlaceCrashChild <repository> loop|exit <sha>...}
 */
public final class InPlaceCrashChild {

    private InPlaceCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(args[0]);
        List<Commit> commits = Arrays.stream(args, 2, args.length).map(sha -> new Commit(sha, sha)).toList();
        Workspaces workspaces = Workspaces.open(repository,
                new WorkspaceOptions(CheckoutMode.IN_PLACE, null, null, false, null, Map.of()));
        workspaces.warnings().forEach(warning -> System.out.println("note: " + warning));
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (args[1].equals("exit")) {
            workspaces.materialize(commits.get(0));
            System.out.println("checked out");
            System.exit(0);
        }
        for (int i = 0; ; i++) {
            workspaces.materialize(commits.get(i % commits.size()));
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        }
    }
}
