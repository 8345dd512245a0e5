package dev.commitbench.hub;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * {@code UploadRequest} is used to describe one upload of a local folder to a Hugging Face Hub
 * repository, like huggingface_hub's {@code upload_folder(repo_id, folder_path, path_in_repo, ...)}.
 *
 * <p>{@link Builder#build()} checks every setting before anything is sent, so a front end can build the
 * request when it starts and fail fast: a malformed repo id, a {@code path_in_repo} that is absolute or
 * has {@code .}/{@code ..} segments, an unknown repo type, a blank revision, a non-http endpoint and a
 * missing token are each a configuration error naming the value. Defaults: repo type {@code dataset},
 * revision {@code main}, the repo root as {@code path_in_repo}, endpoint {@code https://huggingface.co},
 * no pull request, no repo creation, failures thrown (not only warned about).
 *
 * <p>Instances are immutable and thread-safe; {@link #toString()} masks the token.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class UploadRequest {

    /** The default endpoint, used when {@code HF_ENDPOINT} is not set. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private static final Set<String> REPO_TYPES = Set.of("dataset", "model", "space");
    private static final Pattern REPO_ID_PART = Pattern.compile("[A-Za-z0-9_.-]+");

    private final String repoId;
    private final String pathInRepo;
    private final Path folder;
    private final HubToken token;
    private final String repoType;
    private final String revision;
    private final boolean createPr;
    private final boolean createRepo;
    private final boolean privateRepo;
    private final String commitMessage;
    private final URI endpoint;
    private final boolean warnOnly;

    private UploadRequest(Builder builder) {
        this.repoId = builder.repoId;
        this.pathInRepo = builder.pathInRepo;
        this.folder = builder.folder;
        this.token = builder.token;
        this.repoType = builder.repoType;
        this.revision = builder.revision;
        this.createPr = builder.createPr;
        this.createRepo = builder.createRepo;
        this.privateRepo = builder.privateRepo;
        this.commitMessage = builder.commitMessage;
        this.endpoint = builder.endpoint;
        this.warnOnly = builder.warnOnly;
    }

    /**
     * Starts a request that uploads {@code folder} to {@code repoId} ({@code namespace/name}).
     *
     * @param repoId the repository, {@code namespace/name}
     * @param folder the local folder
     * @return a new builder
     */
    public static Builder builder(String repoId, Path folder) {
        return new Builder(repoId, folder);
    }

    /**
     * The endpoint huggingface_hub would use in this environment: {@code HF_ENDPOINT} without trailing
     * {@code /}, otherwise {@value #DEFAULT_ENDPOINT}.
     *
     * @param env the environment variables
     * @throws IllegalArgumentException when {@code HF_ENDPOINT} is not an http(s) URL
     * @return the endpoint
     */
    public static URI endpointFrom(Map<String, String> env) {
        String value = env.get("HF_ENDPOINT");
        if (value == null || value.isBlank()) {
            return URI.create(DEFAULT_ENDPOINT);
        }
        return checkedEndpoint(value.strip(), "HF_ENDPOINT");
    }

    private static URI checkedEndpoint(String value, String name) {
        String trimmed = value.replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("Configuration error: " + name + " must be an http(s) URL such as "
                    + DEFAULT_ENDPOINT + " but was [" + value + "].");
        }
        return uri;
    }

    /** Checks a repo id like huggingface_hub's {@code validate_repo_id}; returns it unchanged. */
    static String checkRepoId(String repoId) {
        String problem = repoIdProblem(repoId);
        if (problem != null) {
            throw new IllegalArgumentException("Configuration error: the Hub repo id must look like 'namespace/name'"
                    + " (letters, digits, '-', '_', '.') but was [" + repoId + "]: " + problem
                    + ". Use the id shown on the repository's Hub page, e.g. 'my-org/benchmarks'.");
        }
        return repoId;
    }

    private static String repoIdProblem(String repoId) {
        if (repoId == null || repoId.isBlank()) {
            return "it is empty";
        }
        String[] parts = repoId.split("/", -1);
        if (parts.length > 2) {
            return "it has more than one '/'";
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return "a part is empty";
            }
            if (!REPO_ID_PART.matcher(part).matches() || part.matches("^[-.].*|.*[-.]$")) {
                return "'" + part + "' has a character other than letters, digits, '-', '_', '.'"
                        + " or starts or ends with '-' or '.'";
            }
        }
        if (repoId.contains("--") || repoId.contains("..")) {
            return "it contains '--' or '..'";
        }
        if (parts[parts.length - 1].length() > 96) {
            return "the name is longer than 96 characters";
        }
        if (repoId.endsWith(".git")) {
            return "it ends with '.git'";
        }
        return null;
    }

    /**
     * Normalizes a {@code path_in_repo}: {@code \} becomes {@code /}, repeated and trailing {@code /} are
     * dropped, {@code ""} and {@code "."} mean the repo root (returned as {@code ""}).
     */
    static String normalizePathInRepo(String pathInRepo) {
        if (pathInRepo == null) {
            return "";
        }
        String path = pathInRepo.replace('\\', '/').strip();
        if (path.isEmpty() || path.equals(".")) {
            return "";
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("Configuration error: path_in_repo must be relative to the repo root"
                    + " but was the absolute path [" + pathInRepo + "]. Drop the leading '/' (e.g. 'runs/2026-01-01').");
        }
        StringBuilder normalized = new StringBuilder();
        for (String segment : path.split("/+")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Configuration error: path_in_repo must not contain '.' or '..'"
                        + " segments but was [" + pathInRepo + "]. Give a plain folder path inside the repo"
                        + " (e.g. 'runs/2026-01-01').");
            }
            if (!segment.isEmpty()) {
                normalized.append(normalized.length() == 0 ? "" : "/").append(segment);
            }
        }
        return normalized.toString();
    }

    /** {@return {@code namespace/name}} */
    public String repoId() {
        return repoId;
    }

    /** {@return the folder inside the repo ({@code ""} for the root), normalized} */
    public String pathInRepo() {
        return pathInRepo;
    }

    /** {@return the local folder whose files are uploaded} */
    public Path folder() {
        return folder;
    }

    /** {@return the token sent as {@code Authorization: Bearer}} */
    public HubToken token() {
        return token;
    }

    /** {@return {@code dataset}, {@code model} or {@code space}} */
    public String repoType() {
        return repoType;
    }

    /** {@return the branch (or {@code refs/pr/N}) committed to} */
    public String revision() {
        return revision;
    }

    /** {@return whether the commit opens a pull request against {@link #revision()}} */
    public boolean createPr() {
        return createPr;
    }

    /** {@return whether the repo is created first (an existing repo is fine)} */
    public boolean createRepo() {
        return createRepo;
    }

    /** {@return whether a created repo is private} */
    public boolean privateRepo() {
        return privateRepo;
    }

    /** {@return the commit title} */
    public String commitMessage() {
        return commitMessage;
    }

    /** {@return the Hub's base URL, without trailing {@code /}} */
    public URI endpoint() {
        return endpoint;
    }

    /** {@return whether a failed upload returns a failed {@link UploadResult} instead of throwing} */
    public boolean warnOnly() {
        return warnOnly;
    }

    /** The API path segment for the repo type: {@code datasets}, {@code models} or {@code spaces}. */
    String apiType() {
        return repoType + "s";
    }

    /** The git/LFS URL prefix: {@code datasets/}, {@code spaces/}, or nothing for models. */
    String gitPrefix() {
        return repoType.equals("model") ? "" : repoType + "s/";
    }

    @Override
    public String toString() {
        return "UploadRequest[repoId=" + repoId + ", repoType=" + repoType + ", revision=" + revision
                + ", pathInRepo=" + pathInRepo + ", folder=" + folder + ", endpoint=" + endpoint
                + ", createPr=" + createPr + ", createRepo=" + createRepo + ", token=" + token + "]";
    }

    /** {@code Builder} is used to build an {@link UploadRequest}; not thread-safe. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {

        private final String repoId;
        private final Path folder;
        private String pathInRepo = "";
        private HubToken token;
        private String repoType = "dataset";
        private String revision = "main";
        private boolean createPr;
        private boolean createRepo;
        private boolean privateRepo;
        private String commitMessage = "Upload benchmark results with commitbench";
        private URI endpoint = URI.create(DEFAULT_ENDPOINT);
        private boolean warnOnly;

        private Builder(String repoId, Path folder) {
            this.repoId = repoId;
            this.folder = Objects.requireNonNull(folder, "folder");
        }

        /**
         * The folder inside the repo; {@code null}, {@code ""} or {@code "."} is the root.
         *
         * @param pathInRepo the folder inside the repo
         * @return this builder
         */
        public Builder pathInRepo(String pathInRepo) {
            this.pathInRepo = pathInRepo;
            return this;
        }

        /**
         * The token; required by {@link #build()}.
         *
         * @param token the token
         * @return this builder
         */
        public Builder token(HubToken token) {
            this.token = token;
            return this;
        }

        /**
         * Takes the token ({@link HubToken#resolve}) and the endpoint ({@link #endpointFrom}) from an
         * explicit token and the environment, as huggingface_hub does.
         *
         * @param explicitToken a token given directly, or {@code null}
         * @param env the environment variables ({@code HF_TOKEN}, {@code HF_TOKEN_PATH}, {@code HF_HOME},
         *            {@code HF_ENDPOINT})
         * @param home the user's home directory
         * @return this builder
         */
        public Builder fromEnvironment(String explicitToken, Map<String, String> env, Path home) {
            this.token = HubToken.resolve(explicitToken, env, home).orElse(null);
            this.endpoint = endpointFrom(env);
            return this;
        }

        /**
         * {@code dataset} (default), {@code model} or {@code space}.
         *
         * @param repoType the repo type
         * @return this builder
         */
        public Builder repoType(String repoType) {
            this.repoType = repoType;
            return this;
        }

        /**
         * The branch to commit to; default {@code main}.
         *
         * @param revision the branch
         * @return this builder
         */
        public Builder revision(String revision) {
            this.revision = revision;
            return this;
        }

        /**
         * Opens a pull request instead of committing to the branch.
         *
         * @param createPr {@code true} to open a pull request
         * @return this builder
         */
        public Builder createPr(boolean createPr) {
            this.createPr = createPr;
            return this;
        }

        /**
         * Creates the repo first; an existing one is fine (exist_ok).
         *
         * @param createRepo {@code true} to create the repo when missing
         * @return this builder
         */
        public Builder createRepo(boolean createRepo) {
            this.createRepo = createRepo;
            return this;
        }

        /**
         * Whether a repo created by {@link #createRepo(boolean)} is private; default public.
         *
         * @param privateRepo {@code true} for a private repo
         * @return this builder
         */
        public Builder privateRepo(boolean privateRepo) {
            this.privateRepo = privateRepo;
            return this;
        }

        /**
         * The commit title; must not be blank.
         *
         * @param commitMessage the title
         * @return this builder
         */
        public Builder commitMessage(String commitMessage) {
            this.commitMessage = commitMessage;
            return this;
        }

        /**
         * The Hub's base URL, e.g. {@code https://huggingface.co}.
         *
         * @param endpoint an http(s) URL
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = checkedEndpoint(endpoint == null ? "" : endpoint, "the Hub endpoint");
            return this;
        }

        /**
         * The Hub's base URL, e.g. {@code https://huggingface.co}.
         *
         * @param endpoint an http(s) URL
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            return endpoint(endpoint == null ? null : endpoint.toString());
        }

        /**
         * When {@code true}, a failed upload returns a failed result instead of throwing.
         *
         * @param warnOnly {@code true} to only warn
         * @return this builder
         */
        public Builder warnOnly(boolean warnOnly) {
            this.warnOnly = warnOnly;
            return this;
        }

        /**
         * Checks every setting and builds the request.
         *
         * @throws IllegalArgumentException naming the bad setting and what to do
         * @return the request
         */
        public UploadRequest build() {
            checkRepoId(repoId);
            pathInRepo = normalizePathInRepo(pathInRepo);
            if (repoType == null || !REPO_TYPES.contains(repoType)) {
                throw new IllegalArgumentException("Configuration error: the Hub repo type must be one of"
                        + " [dataset, model, space] but was [" + repoType + "].");
            }
            if (revision == null || revision.isBlank()) {
                throw new IllegalArgumentException("Configuration error: the Hub revision must name a branch"
                        + " (e.g. 'main') but was [" + revision + "].");
            }
            if (commitMessage == null || commitMessage.isBlank()) {
                throw new IllegalArgumentException("Configuration error: the commit message must not be blank;"
                        + " give a short title such as 'Benchmark results'.");
            }
            if (token == null) {
                throw new IllegalArgumentException("Configuration error: uploading to the Hugging Face Hub repo ["
                        + repoId + "] needs a token, but none was found. Pass one (token / --token), set HF_TOKEN,"
                        + " or run 'hf auth login' (it writes ~/.cache/huggingface/token); create a token with"
                        + " write access at https://huggingface.co/settings/tokens.");
            }
            return new UploadRequest(this);
        }
    }
}
