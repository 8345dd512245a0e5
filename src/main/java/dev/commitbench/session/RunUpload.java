package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.hub.HubUploader;
import dev.commitbench.hub.UploadRequest;
import dev.commitbench.hub.UploadResult;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * {@code RunUpload} is the last step of a run's files, for both front ends: the run folder uploaded to a Hugging
 * Face Hub repository, with one policy for a failure. A failed upload never changes the local files nor an outcome;
 * it fails the run (the command line's exit 3, the test run's error) unless the upload is warn-only. The settings
 * are checked ({@link #check}) before anything is benchmarked. Thread-safe.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunUpload {

    private final Function<Path, UploadRequest> request;
    private final boolean warnOnly;

    /**
     * An upload of the folders it is given.
     *
     * @param request  makes the request for a run folder (repository, path in it, token, flags)
     * @param warnOnly true: a failed upload only warns; false: it fails the run
     */
    public RunUpload(Function<Path, UploadRequest> request, boolean warnOnly) {
        this.request = request;
        this.warnOnly = warnOnly;
    }

    /**
     * Checks the settings, for a folder that need not exist yet.
     *
     * @param folder where the run folder will be
     * @throws IllegalArgumentException naming the bad setting (repository id, path, endpoint, no token)
     * @throws UncheckedIOException when the token file cannot be read
     */
    public void check(Path folder) {
        request.apply(folder);
    }

    /** {@return true when a failed upload only warns} */
    public boolean warnOnly() {
        return warnOnly;
    }

    /**
     * Uploads {@code folder}; never throws for a failed upload.
     *
     * @param folder the run folder
     * @param log    hears of the upload's progress (batches, retries)
     * @return what happened
     */
    public Result upload(Path folder, Consumer<String> log) {
        try {
            return new Result(new HubUploader(log).upload(request.apply(folder)), null, warnOnly);
        } catch (RuntimeException e) {
            return new Result(null, e, warnOnly);
        }
    }

    /**
     * What an upload did.
     *
     * @param uploaded what was committed, or {@code null} when it failed
     * @param failure  why it failed, or {@code null}
     * @param warnOnly whether a failure only warns
     */
    @API(status = INTERNAL, since = "0.1")
    public record Result(UploadResult uploaded, RuntimeException failure, boolean warnOnly) {

        /** {@return true when the upload failed and that fails the run (it is not warn-only)} */
        public boolean failsTheRun() {
            return failure != null && !warnOnly;
        }

        /** {@return the pull request's URL, else the commit's, or {@code null} (nothing changed, or it failed)} */
        public String url() {
            return uploaded == null ? null
                    : uploaded.pullRequestUrl() != null ? uploaded.pullRequestUrl() : uploaded.commitUrl();
        }
    }
}
