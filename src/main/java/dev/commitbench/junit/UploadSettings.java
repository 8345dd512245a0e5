package dev.commitbench.junit;

import dev.commitbench.hub.UploadRequest;
import dev.commitbench.session.RunUpload;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code UploadSettings} is used to read the test run's upload from the configuration parameters: the run folder
 * goes to a Hugging Face Hub repository once the test run ends ({@link RunUpload}, shared with the command line), when
 * {@value #REPO_ID_PROPERTY_NAME} is configured. The token comes from {@code HF_TOKEN} or the
 * token file (never from a configuration parameter), the endpoint from {@code HF_ENDPOINT}. The settings
 * are checked when the first benchmark method starts, so a bad one fails the methods before anything is
 * benchmarked. A failed upload never changes the local files nor a test's outcome; it fails the test run
 * ({@value #FAIL_ON_ERROR_PROPERTY_NAME}, default {@code true}) or only warns.
 */
final class UploadSettings {

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
    /** {@code true} (default): a failed upload fails the test run; {@code false}: it only prints a warning. */
    static final String FAIL_ON_ERROR_PROPERTY_NAME = BenchmarkSettings.PREFIX + "upload.failOnError";

    private final String repoId;
    private final Optional<String> pathInRepo;
    private final String repoType;
    private final boolean createPr;
    private final boolean createRepo;
    private final boolean failOnError;
    private final Map<String, String> environment;
    private final Path home;

    private UploadSettings(String repoId, Function<String, Optional<String>> parameters, Map<String, String> environment,
            Path home) {
        this.repoId = repoId;
        this.pathInRepo = parameters.apply(PATH_IN_REPO_PROPERTY_NAME);
        this.repoType = parameters.apply(REPO_TYPE_PROPERTY_NAME).orElse("dataset");
        this.createPr = flag(parameters, CREATE_PR_PROPERTY_NAME, false);
        this.createRepo = flag(parameters, CREATE_REPO_PROPERTY_NAME, false);
        this.failOnError = flag(parameters, FAIL_ON_ERROR_PROPERTY_NAME, true);
        this.environment = environment;
        this.home = home;
    }

    static Optional<UploadSettings> configured(ExtensionContext context) {
        return configured(context::getConfigurationParameter, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The upload the configuration {@code parameters} ask for, reading the token and endpoint from
     * {@code environment} and the token file under {@code home}; empty when {@value #REPO_ID_PROPERTY_NAME}
     * is unset.
     *
     * @throws IllegalArgumentException naming the bad setting (repo id, path, repo type, flags, endpoint, no
     *         token, an unreadable token file) and what to do
     */
    static Optional<UploadSettings> configured(Function<String, Optional<String>> parameters, Map<String, String> environment,
            Path home) {
        Optional<UploadSettings> upload = parameters.apply(REPO_ID_PROPERTY_NAME).map(String::trim).filter(s -> !s.isEmpty())
                .map(repoId -> new UploadSettings(repoId, parameters, environment, home));
        upload.ifPresent(u -> {
            try {
                u.request(home.resolve("run"));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new IllegalArgumentException(e.getMessage() + " Checked before benchmarking because "
                        + REPO_ID_PROPERTY_NAME + " asks for an upload: fix the upload settings, or unset "
                        + REPO_ID_PROPERTY_NAME + " to keep the results local.", e);
            }
        });
        return upload;
    }

    private static boolean flag(Function<String, Optional<String>> parameters, String name, boolean byDefault) {
        return parameters.apply(name).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Configuration error: " + name + " must be true or false"
                    + " but was [" + value + "].");
        }).orElse(byDefault);
    }

    private UploadRequest request(Path folder) {
        return UploadRequest.builder(repoId, folder)
                .pathInRepo(pathInRepo.orElse(folder.getFileName().toString()))
                .repoType(repoType)
                .createPr(createPr)
                .createRepo(createRepo)
                .commitMessage("commitbench run " + folder.getFileName())
                .fromEnvironment(null, environment, home)
                .build();
    }

    /**
     * Uploads {@code folder} and returns the console line saying what happened: where it went, or a warning
     * when it failed and {@value #FAIL_ON_ERROR_PROPERTY_NAME} is {@code false}.
     *
     * @throws IllegalStateException when the upload failed and {@value #FAIL_ON_ERROR_PROPERTY_NAME} is
     *         {@code true}; the same text is printed to the error console first
     */
    String upload(Path folder) {
        String target = "[" + repoId + "]";
        RunUpload.Result result = new RunUpload(this::request, !failOnError).upload(folder,
                line -> System.err.println("[commitbench] " + line));
        if (result.failure() == null) {
            return "commitbench: uploaded " + folder + " to " + target
                    + (result.url() != null ? ": " + result.url() : " (nothing changed)");
        }
        String failure = "upload of " + folder + " to " + target + " failed: " + result.failure().getMessage();
        if (!result.failsTheRun()) {
            return "commitbench: WARNING: " + failure + " (" + FAIL_ON_ERROR_PROPERTY_NAME + "=false: the test"
                    + " run does not fail)";
        }
        String error = "commitbench: ERROR: " + failure + " The test run fails; set " + FAIL_ON_ERROR_PROPERTY_NAME
                + "=false to only warn.";
        System.err.println(error);
        throw new IllegalStateException(error, result.failure());
    }
}
