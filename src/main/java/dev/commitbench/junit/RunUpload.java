package dev.commitbench.junit;

import dev.commitbench.hub.HubUploader;
import dev.commitbench.hub.UploadRequest;
import dev.commitbench.hub.UploadResult;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code RunUpload} is used to upload the run folder to a Hugging Face Hub repository once the test run
 * ends, when {@value #REPO_ID_PROPERTY_NAME} is configured. The token comes from {@code HF_TOKEN} or the
 * token file (never from a configuration parameter), the endpoint from {@code HF_ENDPOINT}. A failed upload
 * is reported on the console and never changes a test's outcome nor the local files.
 */
final class RunUpload {

    /** The Hub repository ({@code namespace/name}) to upload the run folder to; no upload when unset. */
    static final String REPO_ID_PROPERTY_NAME = BenchmarkSettings.PREFIX + "upload.repoId";
    /** The folder inside the repository (default: the run folder's name). */
    static final String PATH_IN_REPO_PROPERTY_NAME = BenchmarkSettings.PREFIX + "upload.pathInRepo";
    /** {@code dataset} (default), {@code model} or {@code space}. */
    static final String REPO_TYPE_PROPERTY_NAME = BenchmarkSettings.PREFIX + "upload.repoType";
    /** {@code true} opens a pull request instead of committing to the branch. */
    static final String CREATE_PR_PROPERTY_NAME = BenchmarkSettings.PREFIX + "upload.createPr";

    private final String repoId;
    private final Optional<String> pathInRepo;
    private final String repoType;
    private final boolean createPr;

    private RunUpload(String repoId, Optional<String> pathInRepo, String repoType, boolean createPr) {
        this.repoId = repoId;
        this.pathInRepo = pathInRepo;
        this.repoType = repoType;
        this.createPr = createPr;
    }

    static Optional<RunUpload> configured(ExtensionContext context) {
        return context.getConfigurationParameter(REPO_ID_PROPERTY_NAME).map(String::trim).filter(s -> !s.isEmpty())
                .map(repoId -> new RunUpload(repoId, context.getConfigurationParameter(PATH_IN_REPO_PROPERTY_NAME),
                        context.getConfigurationParameter(REPO_TYPE_PROPERTY_NAME).orElse("dataset"),
                        context.getConfigurationParameter(CREATE_PR_PROPERTY_NAME).map(Boolean::parseBoolean).orElse(false)));
    }

    /** Uploads {@code folder} and returns the console line saying what happened. */
    String upload(Path folder) {
        String target = "[" + repoId + "]";
        try {
            UploadRequest request = UploadRequest.builder(repoId, folder)
                    .pathInRepo(pathInRepo.orElse(folder.getFileName().toString()))
                    .repoType(repoType)
                    .createPr(createPr)
                    .commitMessage("commitbench run " + folder.getFileName())
                    .fromEnvironment(null, System.getenv(), Path.of(System.getProperty("user.home")))
                    .warnOnly(true)
                    .build();
            UploadResult result = new HubUploader().upload(request);
            return result.success()
                    ? "commitbench: uploaded " + folder + " to " + target + ": "
                            + (result.pullRequestUrl() != null ? result.pullRequestUrl() : result.commitUrl())
                    : "commitbench: upload of " + folder + " to " + target + " failed: " + result.failure();
        } catch (RuntimeException e) {
            return "commitbench: upload of " + folder + " to " + target + " failed: " + e.getMessage();
        }
    }
}
