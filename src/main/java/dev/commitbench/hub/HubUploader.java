package dev.commitbench.hub;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code HubUploader} is used to upload a folder to a Hugging Face Hub repository the way
 * huggingface_hub's {@code upload_folder} does: optional repo creation (an existing repo is fine),
 * preupload in batches of at most {@value #PREUPLOAD_BATCH} files, files the Hub already holds skipped,
 * large files through the LFS batch API (single PUT with verify, or multipart with completion), and one
 * commit (optionally opening a pull request).
 *
 * <p>Transient failures (408, 429, 5xx, network errors) are retried with exponential backoff that
 * honours {@code Retry-After}. A failed commit is retried by asking the Hub again which files changed,
 * so a commit that did land is never made twice; with {@code createPr} it is not retried. A failure
 * throws {@link HubException} (or, with {@link UploadRequest#warnOnly()}, returns a failed
 * {@link UploadResult}); the local folder is only read, never modified. The token is never logged.
 *
 * <p>Instances are thread-safe and may upload several requests.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class HubUploader {

    static final int PREUPLOAD_BATCH = 256;
    static final int LFS_BATCH = 256;
    private static final String LFS_JSON = "application/vnd.git-lfs+json";

    private final Consumer<String> log;
    private final HttpClient client;
    private final Duration backoffBase;
    private final Duration requestTimeout;
    private final HubHttp.Sleeper sleeper;

    /** An uploader that logs its progress to standard error. */
    public HubUploader() {
        this(line -> System.err.println("[commitbench] " + line));
    }

    /**
     * An uploader that logs its progress (never the token) to {@code log}.
     *
     * @param log receives one line per step
     */
    public HubUploader(Consumer<String> log) {
        this(log, Duration.ofSeconds(1), Duration.ofMinutes(5), duration -> Thread.sleep(duration.toMillis()));
    }

    HubUploader(Consumer<String> log, Duration backoffBase, Duration requestTimeout, HubHttp.Sleeper sleeper) {
        this.log = log;
        this.client = HubHttp.newClient();
        this.backoffBase = backoffBase;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
    }

    /**
     * Uploads the request's folder.
     *
     * @param request what to upload, where, and how
     * @return what was uploaded; a failed result only when the request is {@link UploadRequest#warnOnly()}
     * @throws HubException when the upload fails and the request is not warn-only
     */
    public UploadResult upload(UploadRequest request) {
        try {
            return new Upload(request, new HubHttp(client, backoffBase, requestTimeout, sleeper, log, request)).run();
        } catch (HubException e) {
            if (!request.warnOnly()) {
                throw e;
            }
            log.accept("WARNING: " + e.getMessage());
            return UploadResult.failed(e.getMessage());
        }
    }

    /** One upload's state. */
    private final class Upload {

        private final UploadRequest request;
        private final HubHttp http;
        private final String api;
        private final String query;

        Upload(UploadRequest request, HubHttp http) {
            this.request = request;
            this.http = http;
            this.api = request.endpoint() + "/api/" + request.apiType() + "/" + request.repoId();
            this.query = request.createPr() ? "?create_pr=1" : "";
        }

        UploadResult run() {
            List<LocalFile> files = scan();
            if (request.createRepo()) {
                createRepo();
            }
            int commitAttempts = request.createPr() ? 1 : HubHttp.MAX_ATTEMPTS;
            for (int attempt = 1; ; attempt++) {
                Plan plan = preupload(files);
                if (plan.toCommit.isEmpty()) {
                    log.accept("Nothing to commit: all " + plan.unchanged + " files are already in " + request.repoType()
                            + " repo " + request.repoId() + " at " + request.revision() + " (" + plan.head + ").");
                    return new UploadResult(true, plan.head, null, null, 0, 0, plan.unchanged, plan.ignored, null);
                }
                uploadLfs(plan);
                HubHttp.Response response;
                try {
                    response = http.send(commitRequest(plan), false);
                } catch (HubException e) {
                    if (attempt == commitAttempts || !(e.getCause() instanceof IOException)) {
                        throw e;
                    }
                    retryCommit(attempt, e.getCause().toString());
                    continue;
                }
                if (HubHttp.retriable(response.status()) && attempt < commitAttempts) {
                    retryCommit(attempt, "status " + response.status());
                    continue;
                }
                JsonNode answer = http.json(response);
                String pullRequest = answer.path("pullRequestUrl").asString(null);
                log.accept("Committed " + plan.toCommit.size() + " files to " + request.repoType() + " repo "
                        + request.repoId() + ": " + answer.path("commitUrl").asString("")
                        + (pullRequest == null ? "" : " (pull request " + pullRequest + ")"));
                return new UploadResult(true, answer.path("commitOid").asString(null),
                        answer.path("commitUrl").asString(null), pullRequest, plan.toCommit.size(), plan.lfs.size(),
                        plan.unchanged, plan.ignored, null);
            }
        }

        private void retryCommit(int attempt, String reason) {
            Duration delay = http.backoff(attempt);
            log.accept("The commit failed (" + reason + "); asking the Hub again which files changed and retrying in "
                    + delay.toMillis() + " ms (attempt " + (attempt + 1) + " of " + HubHttp.MAX_ATTEMPTS + ").");
            http.sleep(delay);
        }

        private List<LocalFile> scan() {
            if (!Files.isDirectory(request.folder())) {
                throw new HubException("The folder to upload [" + request.folder() + "] does not exist or is not a"
                        + " directory. Upload the run folder the benchmark wrote its results into.");
            }
            List<LocalFile> files;
            try {
                files = LocalFile.scan(request.folder(), request.pathInRepo());
            } catch (IOException e) {
                throw new HubException("Cannot read the folder to upload [" + request.folder() + "]: " + e
                        + ". Check its permissions; " + http.keptNote(), -1, e);
            }
            if (files.isEmpty()) {
                throw new HubException("Nothing to upload: the folder [" + request.folder() + "] has no files."
                        + " Check that the benchmark wrote its results there before uploading.");
            }
            return files;
        }

        private void createRepo() {
            ObjectNode body = HubHttp.JSON.createObjectNode();
            int slash = request.repoId().indexOf('/');
            body.put("name", request.repoId().substring(slash + 1));
            if (slash < 0) {
                body.putNull("organization");
            } else {
                body.put("organization", request.repoId().substring(0, slash));
            }
            body.put("type", request.repoType());
            body.put("private", request.privateRepo());
            HubHttp.Response response = http.send(postJson(URI.create(request.endpoint() + "/api/repos/create"), body,
                    "application/json"), true);
            int status = response.status();
            if (response.ok() || status == 409) {
                if (response.html()) {
                    throw http.failure(response);
                }
                log.accept((status == 409 ? "Using the existing " : "Created ") + request.repoType() + " repo "
                        + request.repoId() + ".");
                return;
            }
            if (status == 401 || status == 402 || status == 403) {
                HubHttp.Response info = http.send(http.api(URI.create(api)).GET().build(), true);
                if (info.ok()) {
                    return;
                }
            }
            throw http.failure(response);
        }

        /** Asks the Hub, batch by batch, how to upload each file and which it already holds. */
        private Plan preupload(List<LocalFile> files) {
            Plan plan = new Plan();
            URI uri = URI.create(api + "/preupload/" + encodeSegment(request.revision()) + query);
            for (int from = 0; from < files.size(); from += PREUPLOAD_BATCH) {
                List<LocalFile> batch = files.subList(from, Math.min(from + PREUPLOAD_BATCH, files.size()));
                Map<String, LocalFile> byPath = new LinkedHashMap<>();
                ObjectNode body = HubHttp.JSON.createObjectNode();
                ArrayNode list = body.putArray("files");
                for (LocalFile file : batch) {
                    byPath.put(file.pathInRepo(), file);
                    list.addObject()
                            .put("path", file.pathInRepo())
                            .put("sample", Base64.getEncoder().encodeToString(file.sample()))
                            .put("size", file.size());
                }
                JsonNode answer = http.json(http.send(postJson(uri, body, "application/json"), true));
                plan.head = answer.path("commitOid").asString(plan.head);
                for (JsonNode entry : answer.path("files")) {
                    LocalFile file = byPath.remove(entry.path("path").asString(""));
                    if (file == null) {
                        continue;
                    }
                    String mode = entry.path("uploadMode").asString("");
                    if (!mode.equals("regular") && !mode.equals("lfs")) {
                        throw new HubException(http.redact("The Hugging Face Hub answered the preupload of ["
                                + file.pathInRepo() + "] with the upload mode [" + mode + "], expected 'regular' or"
                                + " 'lfs'. Check that the endpoint [" + request.endpoint() + "] is the Hub; "
                                + http.keptNote()));
                    }
                    boolean lfs = mode.equals("lfs");
                    String remoteOid = entry.path("oid").asString(null);
                    if (entry.path("shouldIgnore").asBoolean(false)) {
                        plan.ignored++;
                    } else if (remoteOid != null && remoteOid.equals(lfs ? file.sha256() : file.gitSha1())) {
                        plan.unchanged++;
                    } else {
                        plan.toCommit.add(file);
                        if (lfs) {
                            plan.lfs.add(file);
                        }
                    }
                }
                if (!byPath.isEmpty()) {
                    throw new HubException("The Hugging Face Hub's preupload answer left out " + byPath.keySet()
                            + ". Check that the endpoint [" + request.endpoint() + "] is the Hub; " + http.keptNote());
                }
            }
            return plan;
        }

        private void uploadLfs(Plan plan) {
            Map<String, LocalFile> byOid = new LinkedHashMap<>();
            plan.lfs.forEach(file -> byOid.putIfAbsent(file.sha256(), file));
            List<LocalFile> objects = new ArrayList<>(byOid.values());
            URI uri = URI.create(request.endpoint() + "/" + request.gitPrefix() + request.repoId()
                    + ".git/info/lfs/objects/batch");
            for (int from = 0; from < objects.size(); from += LFS_BATCH) {
                ObjectNode body = HubHttp.JSON.createObjectNode();
                body.put("operation", "upload");
                body.putArray("transfers").add("basic").add("multipart");
                ArrayNode list = body.putArray("objects");
                for (LocalFile file : objects.subList(from, Math.min(from + LFS_BATCH, objects.size()))) {
                    list.addObject().put("oid", file.sha256()).put("size", file.size());
                }
                body.put("hash_algo", "sha256");
                if (!request.createPr()) {
                    body.putObject("ref").put("name", request.revision());
                }
                JsonNode answer = http.json(http.send(postJson(uri, body, LFS_JSON), true));
                for (JsonNode object : answer.path("objects")) {
                    LocalFile file = byOid.get(object.path("oid").asString(""));
                    if (file == null) {
                        continue;
                    }
                    if (object.has("error")) {
                        throw new HubException(http.redact("The Hugging Face Hub's LFS storage refused ["
                                + file.pathInRepo() + "] (" + file.size() + " bytes): error "
                                + object.path("error").path("code").asInt() + ", "
                                + object.path("error").path("message").asString("no message") + ". "
                                + "Upload again later or check the file; " + http.keptNote()),
                                object.path("error").path("code").asInt(), null);
                    }
                    JsonNode upload = object.path("actions").path("upload");
                    if (upload.isMissingNode()) {
                        continue;
                    }
                    if (upload.path("header").has("chunk_size")) {
                        uploadMultipart(file, upload);
                    } else {
                        uploadSingle(file, upload, object.path("actions").path("verify"));
                    }
                }
            }
        }

        private void uploadSingle(LocalFile file, JsonNode upload, JsonNode verify) {
            HttpRequest put;
            try {
                put = http.storage(URI.create(upload.path("href").asString()))
                        .PUT(BodyPublishers.ofFile(file.file())).build();
            } catch (IOException e) {
                throw new HubException("Cannot read [" + file.file() + "] to upload it: " + e + "; " + http.keptNote(),
                        -1, e);
            }
            http.ok(http.send(put, true));
            if (!verify.isMissingNode()) {
                ObjectNode body = HubHttp.JSON.createObjectNode().put("oid", file.sha256()).put("size", file.size());
                http.ok(http.send(postJson(URI.create(verify.path("href").asString()), body, "application/json"), true));
            }
        }

        private void uploadMultipart(LocalFile file, JsonNode upload) {
            long chunkSize = Long.parseLong(upload.path("header").path("chunk_size").asString());
            Map<Integer, String> partUrls = new TreeMap<>();
            upload.path("header").properties().forEach(entry -> {
                if (entry.getKey().matches("\\d+")) {
                    partUrls.put(Integer.parseInt(entry.getKey()), entry.getValue().asString());
                }
            });
            ObjectNode completion = HubHttp.JSON.createObjectNode().put("oid", file.sha256());
            ArrayNode parts = completion.putArray("parts");
            try (FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ)) {
                for (Map.Entry<Integer, String> part : partUrls.entrySet()) {
                    long offset = (part.getKey() - 1) * chunkSize;
                    byte[] bytes = readPart(channel, offset, (int) Math.min(chunkSize, file.size() - offset));
                    HttpRequest put = http.storage(URI.create(part.getValue())).PUT(BodyPublishers.ofByteArray(bytes)).build();
                    HubHttp.Response response = http.ok(http.send(put, true));
                    String etag = response.header("ETag").orElseThrow(() -> new HubException("The storage answered"
                            + " part " + part.getKey() + " of [" + file.pathInRepo() + "] without an ETag, so the"
                            + " upload cannot be completed. Upload again; " + http.keptNote(), response.status(), null));
                    parts.addObject().put("partNumber", part.getKey()).put("etag", etag);
                }
            } catch (IOException e) {
                throw new HubException("Cannot read [" + file.file() + "] to upload it: " + e + "; " + http.keptNote(),
                        -1, e);
            }
            HttpRequest complete = http.storage(URI.create(upload.path("href").asString()))
                    .header("Accept", LFS_JSON).header("Content-Type", LFS_JSON)
                    .POST(BodyPublishers.ofByteArray(HubHttp.JSON.writeValueAsBytes(completion))).build();
            http.ok(http.send(complete, true));
        }

        private byte[] readPart(FileChannel channel, long offset, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, offset + bytes.position()) < 0) {
                    throw new EOFException("the file ended at " + (offset + bytes.position()) + " bytes while reading"
                            + " a part; it changed during the upload");
                }
            }
            return bytes.array();
        }

        private HttpRequest commitRequest(Plan plan) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ObjectNode header = HubHttp.JSON.createObjectNode();
            header.put("key", "header").putObject("value").put("summary", request.commitMessage()).put("description", "");
            line(body, header);
            for (LocalFile file : plan.toCommit) {
                ObjectNode operation = HubHttp.JSON.createObjectNode();
                if (plan.lfs.contains(file)) {
                    operation.put("key", "lfsFile").putObject("value").put("path", file.pathInRepo())
                            .put("algo", "sha256").put("oid", file.sha256()).put("size", file.size());
                } else {
                    operation.put("key", "file").putObject("value").put("content", base64(file))
                            .put("path", file.pathInRepo()).put("encoding", "base64");
                }
                line(body, operation);
            }
            URI uri = URI.create(api + "/commit/" + encodeSegment(request.revision()) + query);
            return http.api(uri).header("Content-Type", "application/x-ndjson")
                    .POST(BodyPublishers.ofByteArray(body.toByteArray())).build();
        }

        private String base64(LocalFile file) {
            try {
                return Base64.getEncoder().encodeToString(Files.readAllBytes(file.file()));
            } catch (IOException e) {
                throw new HubException("Cannot read [" + file.file() + "] to upload it: " + e + "; " + http.keptNote(),
                        -1, e);
            }
        }

        private void line(ByteArrayOutputStream body, ObjectNode node) {
            body.writeBytes(HubHttp.JSON.writeValueAsBytes(node));
            body.write('\n');
        }

        private HttpRequest postJson(URI uri, ObjectNode body, String contentType) {
            return http.api(uri).header("Content-Type", contentType).header("Accept", contentType)
                    .POST(BodyPublishers.ofByteArray(HubHttp.JSON.writeValueAsBytes(body))).build();
        }
    }

    /** What preupload decided. */
    private static final class Plan {
        final List<LocalFile> toCommit = new ArrayList<>();
        final List<LocalFile> lfs = new ArrayList<>();
        int unchanged;
        int ignored;
        String head;
    }

    /** Percent-encodes a path segment like Python's {@code quote(s, safe="")}: all but RFC 3986 unreserved. */
    static String encodeSegment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
