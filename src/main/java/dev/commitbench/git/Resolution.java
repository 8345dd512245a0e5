package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The commits a spec resolved to, in order (the first is the baseline), and notes for the user
 * (duplicates dropped, {@code origin/main} used for a missing {@code main}, ...).
 *
 * @param commits the commits, the baseline first
 * @param notes   notes for the user, possibly none
 */
@API(status = INTERNAL, since = "0.1")
public record Resolution(List<Commit> commits, List<String> notes) {

    /**
     * Copies the lists.
     *
     * @param commits the commits, the baseline first
     * @param notes   notes for the user, possibly none
     */
    public Resolution {
        commits = List.copyOf(commits);
        notes = List.copyOf(notes);
    }
}
