package dev.commitbench.git;

import dev.commitbench.Commit;
import java.util.List;

/**
 * The commits a spec resolved to, in order (the first is the baseline), and notes for the user
 * (duplicates dropped, {@code origin/main} used for a missing {@code main}, ...).
 */
public record Resolution(List<Commit> commits, List<String> notes) {

    public Resolution {
        commits = List.copyOf(commits);
        notes = List.copyOf(notes);
    }
}
