package dev.commitbench.junit;

import dev.commitbench.hub.HubUploader;
import dev.commitbench.hub.UploadRequest;
import dev.commitbench.hub.UploadResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
    /** {@code true} creates the repository first when it does not exist (an existing one is used as is). */
    static final String CREATE_REPO_PROPERTY_NAME = BenchmarkSettings.PREFIX + "upload.createRepo";

    private final String repoId;
    private final Optional<String> pathInRepo;
    private final String repoType;
    private final boolean createPr;
    private final boolean createRepo;
    private final Map<String, String> environment;
    private final Path home;

    private RunUpload(String repoId, Function<String, Optional<String>> parameters, Map<String, String> environment,
            Path home) {
        this.repoId = repoId;
        this.pathInRepo = parameters.apply(PATH_IN_REPO_PROPERTY_NAME);
        this.repoType = parameters.apply(REPO_TYPE_PROPERTY_NAME).orElse("dataset");
        this.createPr = flag(parameters, CREATE_PR_PROPERTY_NAME);
        this.createRepo = flag(parameters, CREATE_REPO_PROPERTY_NAME);
        this.environment = environment;
        this.home = home;
    }

    static Optional<RunUpload> configured(ExtensionContext context) {
        return configured(context::getConfigurationParameter, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The upload the configuration {@code parameters} ask for, reading the token and endpoint from
     * {@code environment} and the token file under {@code home}; empty when {@value #REPO_ID_PROPERTY_NAME}
     * is unset.
     */
    static Optional<RunUpload> configured(Function<String, Optional<String>> parameters, Map<String, String> environment,
            Path home) {
        return parameters.apply(REPO_ID_PROPERTY_NAME).map(String::trim).filter(s -> !s.isEmpty())
                .map(repoId -> new RunUpload(repoId, parameters, environment, home));
    }

    private static boolean flag(Function<String, Optional<String>> parameters, String name) {
        return parameters.apply(name).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Configuration error: " + name + " must be true or false"
                    + " but was [" + value + "].");
        }).orElse(false);
    }

    /** Uploads {@code folder} and returns the console line saying what happened. */
    String upload(Path folder) {
        String target = "[" + repoId + "]";
        try {
            UploadRequest request = UploadRequest.builder(repoId, folder)
                    .pathInRepo(pathInRepo.orElse(folder.getFileName().toString()))
                    .repoType(repoType)
                    .createPr(createPr)
                    .createRepo(createRepo)
                    .commitMessage("commitbench run " + folder.getFileName())
                    .fromEnvironment(null, environment, home)
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
