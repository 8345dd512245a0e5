package dev.commitbench.hub;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code UploadResult} is used to report what one upload did.
 *
 * @param success          whether the folder is on the Hub (a no-op because nothing changed counts)
 * @param commitOid        the new commit, or the unchanged head when nothing changed; {@code null} on failure
 * @param commitUrl        the commit's web page; {@code null} when no commit was made
 * @param pullRequestUrl   the pull request's page when one was opened, otherwise {@code null}
 * @param committedFiles   files written by the commit (regular and LFS)
 * @param lfsFiles         of those, files stored through LFS
 * @param unchangedFiles   files skipped because the Hub already had the same content
 * @param ignoredFiles     files skipped because the Hub said so ({@code shouldIgnore}, a {@code .gitignore})
 * @param failure          what went wrong when {@code success} is {@code false}, otherwise {@code null}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UploadResult(boolean success, String commitOid, String commitUrl, String pullRequestUrl,
        int committedFiles, int lfsFiles, int unchangedFiles, int ignoredFiles, String failure) {

    static UploadResult failed(String failure) {
        return new UploadResult(false, null, null, null, 0, 0, 0, 0, failure);
    }
}
