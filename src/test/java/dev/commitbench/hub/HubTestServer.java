package dev.commitbench.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code HubTestServer} is used to test the uploader against a real HTTP server on loopback that speaks
 * the Hugging Face Hub upload protocol (../shared/hub-protocol.md §11): it keeps repositories, branches,
 * commits (file trees) and LFS objects, makes the preupload decisions (LFS by pattern or size, ignored by
 * the branch's {@code .gitignore}, unchanged by oid), checks what clients send as strictly as the Hub and
 * S3 do, records every request, and injects {@link Fault}s on demand.
 *
 * <p>Public so that the JUnit extension's tests upload to it too ({@link #start}, {@link #endpoint},
 * {@link #createRepo}, {@link #files}). Thread-safe; close it to stop the server.
 */
public final class HubTestServer implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final List<String> LFS_PATTERNS = List.of("*.bin", "*.parquet", "*.arrow", "*.safetensors", "*.pkl",
            "*.zip", "*.gz", "*.png", "*.jpg");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One request as received: raw path and query, headers (lower-case names) and body. */
    record Recorded(String method, String rawPath, String query, Map<String, List<String>> headers, byte[] body) {

        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One file of a commit's tree. */
    record FileEntry(boolean lfs, String oid, byte[] bytes) {
    }

    /**
     * {@code Fault} is used to make the next matching requests (method and a regex found in the raw path)
     * answer differently: a status with a body and headers, an HTML page, a delay before the normal
     * answer, or a connection closed without an answer.
     */
    static final class Fault {
        private final String method;
        private final Pattern path;
        private int remaining = 1;
        private int status = 500;
        private String contentType = "application/json; charset=utf-8";
        private String body = "{\"error\":\"Internal Error - We're working hard to fix this as soon as possible!\"}";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private long delayMillis;
        private boolean reset;
        private boolean afterwards;

        private Fault(String method, String pathRegex) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
        }

        static Fault on(String method, String pathRegex) {
            return new Fault(method, pathRegex);
        }

        Fault times(int times) {
            this.remaining = times;
            return this;
        }

        Fault status(int status, String jsonBody) {
            this.status = status;
            this.body = jsonBody;
            return this;
        }

        Fault header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Fault html() {
            this.status = 200;
            this.contentType = "text/html; charset=utf-8";
            this.body = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Corporate proxy</body></html>";
            return this;
        }

        /** Answers normally, but only after {@code millis}. */
        Fault delay(long millis) {
            this.delayMillis = millis;
            return this;
        }

        /** Handles the request normally (the commit lands), then answers with this fault's status instead. */
        Fault afterwards() {
            this.afterwards = true;
            return this;
        }

        /** Closes the connection without answering. */
        Fault reset() {
            this.reset = true;
            return this;
        }
    }

    /** An answer other than 200, thrown from the routes. */
    private static final class Reply extends RuntimeException {
        final int status;
        final Map<String, String> headers;
        final String body;

        Reply(int status, String message, Map<String, String> headers) {
            this(status, JSON.createObjectNode().put("error", message), headers);
        }

        Reply(int status, ObjectNode body, Map<String, String> headers) {
            super(body.toString(), null, false, false);
            this.status = status;
            this.headers = headers;
            this.body = body.toString();
        }

        Reply(int status, String message) {
            this(status, message, Map.of());
        }
    }

    private static final class Repo {
        final String id;
        final Map<String, String> branches = new TreeMap<>();
        final Map<String, Map<String, FileEntry>> trees = new LinkedHashMap<>();
        int pullRequests;
        int commits;

        Repo(String id) {
            this.id = id;
            String initial = newSha();
            trees.put(initial, Map.of());
            branches.put("main", initial);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String token;
    private final String base;
    private final Map<String, Repo> repos = new LinkedHashMap<>();
    private final Map<String, byte[]> lfsStore = new LinkedHashMap<>();
    private final Map<String, Long> issuedSizes = new LinkedHashMap<>();
    private final Map<String, Map<Integer, byte[]>> parts = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final ConcurrentLinkedDeque<Recorded> requests = new ConcurrentLinkedDeque<>();
    private long lfsThreshold = 10L * 1024 * 1024;
    private long multipartThreshold = Long.MAX_VALUE;
    private int chunkSize = 5 * 1024 * 1024;
    private boolean readOnly;

    private HubTestServer(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server that accepts only {@code Authorization: Bearer <token>}. */
    public static HubTestServer start(String token) {
        try {
            return new HubTestServer(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return base;
    }

    /** Files at least this large go to LFS (default 10 MiB). */
    synchronized HubTestServer lfsThreshold(long bytes) {
        this.lfsThreshold = bytes;
        return this;
    }

    /** LFS objects at least {@code bytes} large are uploaded in parts of {@code chunk} bytes. */
    synchronized HubTestServer multipart(long bytes, int chunk) {
        this.multipartThreshold = bytes;
        this.chunkSize = chunk;
        return this;
    }

    /** Answers 403 to writes, like a read-only token. */
    synchronized HubTestServer readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    synchronized HubTestServer inject(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Creates a dataset repo with an empty {@code main}. */
    public synchronized HubTestServer createRepo(String repoId) {
        repos.put(key("dataset", repoId), new Repo(repoId));
        return this;
    }

    synchronized boolean hasRepo(String repoId) {
        return repos.containsKey(key("dataset", repoId));
    }

    /** Every file of a dataset repo's branch, with its bytes (LFS files read from the LFS store). */
    public synchronized Map<String, byte[]> files(String repoId, String branch) {
        Repo repo = repos.get(key("dataset", repoId));
        Map<String, byte[]> files = new TreeMap<>();
        repo.trees.get(repo.branches.get(branch)).forEach((path, entry) -> files.put(path, entry.bytes()));
        return files;
    }

    /** A branch's tree entries, to tell LFS files from regular ones. */
    synchronized Map<String, FileEntry> tree(String repoId, String branch) {
        Repo repo = repos.get(key("dataset", repoId));
        return Map.copyOf(repo.trees.get(repo.branches.get(branch)));
    }

    synchronized String head(String repoId, String branch) {
        return repos.get(key("dataset", repoId)).branches.get(branch);
    }

    synchronized int commits(String repoId) {
        return repos.get(key("dataset", repoId)).commits;
    }

    /** Every request so far, in arrival order. */
    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Every request so far as {@code METHOD raw-path}, in arrival order. */
    public List<String> requestLog() {
        return requests.stream().map(r -> r.method() + " " + r.rawPath()).toList();
    }

    /** The requests whose method matches and whose raw path contains {@code pathPart}. */
    List<Recorded> requests(String method, String pathPart) {
        return requests.stream().filter(r -> r.method().equals(method) && r.rawPath().contains(pathPart)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Recorded request = new Recorded(method, rawPath, exchange.getRequestURI().getRawQuery(), headers, body);
            requests.add(request);
            Fault fault = takeFault(method, rawPath);
            if (fault != null && fault.reset) {
                return;
            }
            if (fault != null && fault.delayMillis > 0) {
                sleep(fault.delayMillis);
            } else if (fault != null && fault.afterwards) {
                synchronized (this) {
                    route(request, exchange);
                }
                send(exchange, fault.status, fault.contentType, fault.body.getBytes(StandardCharsets.UTF_8));
                return;
            } else if (fault != null) {
                fault.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                send(exchange, fault.status, fault.contentType, fault.body.getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                Object answer;
                synchronized (this) {
                    answer = route(request, exchange);
                }
                if (answer instanceof ObjectNode json) {
                    String type = rawPath.endsWith("/batch") ? "application/vnd.git-lfs+json" : "application/json; charset=utf-8";
                    send(exchange, 200, type, JSON.writeValueAsBytes(json));
                } else {
                    send(exchange, 200, null, null);
                }
            } catch (Reply reply) {
                reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                send(exchange, reply.status, "application/json; charset=utf-8", reply.body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private synchronized Fault takeFault(String method, String rawPath) {
        for (Fault fault : faults) {
            if (fault.remaining > 0 && fault.method.equals(method) && fault.path.matcher(rawPath).find()) {
                fault.remaining--;
                return fault;
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("X-Request-Id", "Root=1-" + newSha().substring(0, 24));
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Routes one request; returns the JSON answer, or {@code null} for an empty 200. */
    private Object route(Recorded request, HttpExchange exchange) {
        List<String> segments = new ArrayList<>();
        for (String segment : request.rawPath().substring(1).split("/", -1)) {
            segments.add(percentDecode(segment));
        }
        String method = request.method();
        int n = segments.size();
        if (n == 2 && segments.get(0).equals("__s3") && method.equals("PUT")) {
            return putObject(request, exchange, segments.get(1));
        }
        if (n == 3 && segments.get(0).equals("__s3part") && method.equals("PUT")) {
            return putPart(request, exchange, segments.get(1), Integer.parseInt(segments.get(2)));
        }
        if (n == 2 && segments.get(0).equals("api") && segments.get(1).equals("complete_multipart") && method.equals("POST")) {
            return completeMultipart(request);
        }
        if (n == 3 && segments.get(0).equals("api") && segments.get(1).equals("repos") && segments.get(2).equals("create")) {
            authorize(request, true);
            return createRepo(request);
        }
        if (n >= 4 && segments.get(0).equals("api") && segments.get(1).endsWith("s")) {
            String type = segments.get(1).substring(0, segments.get(1).length() - 1);
            String repoId = segments.get(2) + "/" + segments.get(3);
            if (n == 4 && method.equals("GET")) {
                authorize(request, false);
                return repoInfo(type, repoId, "main");
            }
            if (n == 6) {
                String action = segments.get(4);
                String rev = segments.get(5);
                boolean write = !action.equals("revision");
                authorize(request, write);
                switch (action + " " + method) {
                    case "revision GET":
                        return repoInfo(type, repoId, rev);
                    case "preupload POST":
                        return preupload(repo(type, repoId), rev, request);
                    case "commit POST":
                        return commit(repo(type, repoId), rev, request);
                    default:
                        break;
                }
            }
        }
        int git = segments.indexOf("info");
        if (git >= 2 && segments.get(git - 1).endsWith(".git") && n == git + 4 && method.equals("POST")) {
            String type = git == 3 ? segments.get(0).substring(0, segments.get(0).length() - 1) : "model";
            String name = segments.get(git - 1);
            String repoId = segments.get(git - 2) + "/" + name.substring(0, name.length() - 4);
            if (segments.get(n - 1).equals("batch")) {
                authorize(request, true);
                return lfsBatch(type, repoId, request);
            }
            if (segments.get(n - 1).equals("verify")) {
                authorize(request, false);
                return verify(request);
            }
        }
        throw new Reply(404, "Not Found");
    }

    private void authorize(Recorded request, boolean write) {
        if (token != null && !request.header("authorization").orElse("").equals("Bearer " + token)) {
            throw new Reply(401, "Invalid credentials in Authorization header",
                    Map.of("X-Error-Message", "Invalid credentials in Authorization header"));
        }
        if (write && readOnly) {
            throw new Reply(403, "You don't have the rights to write to this repository: your token is read-only",
                    Map.of("X-Error-Message", "You don't have the rights to write to this repository: your token is read-only"));
        }
    }

    private Repo repo(String type, String repoId) {
        Repo repo = repos.get(key(type, repoId));
        if (repo == null) {
            throw new Reply(404, "Repository not found", Map.of("X-Error-Code", "RepoNotFound", "X-Error-Message",
                    "Repository not found"));
        }
        return repo;
    }

    private static String branchHead(Repo repo, String rev) {
        String head = repo.branches.get(rev);
        if (head == null) {
            String message = "Invalid rev id: " + rev;
            throw new Reply(404, message, Map.of("X-Error-Code", "RevisionNotFound", "X-Error-Message", message));
        }
        return head;
    }

    private ObjectNode createRepo(Recorded request) {
        JsonNode body = JSON.readTree(request.body());
        String type = body.path("type").asString("model");
        String repoId = body.path("organization").asString() + "/" + body.path("name").asString();
        String url = base + "/" + (type.equals("model") ? "" : type + "s/") + repoId;
        if (repos.containsKey(key(type, repoId))) {
            throw new Reply(409, JSON.createObjectNode().put("error", "You already created this " + type + " repo")
                    .put("url", url), Map.of());
        }
        repos.put(key(type, repoId), new Repo(repoId));
        return JSON.createObjectNode().put("url", url).put("name", repoId).put("id", newSha().substring(0, 24));
    }

    private ObjectNode repoInfo(String type, String repoId, String rev) {
        Repo repo = repo(type, repoId);
        return JSON.createObjectNode().put("_id", "66" + newSha().substring(0, 22)).put("id", repo.id)
                .put("sha", branchHead(repo, rev)).put("private", false);
    }

    private ObjectNode preupload(Repo repo, String rev, Recorded request) {
        Map<String, FileEntry> tree = repo.trees.get(branchHead(repo, rev));
        List<Pattern> ignored = new ArrayList<>();
        FileEntry gitignore = tree.get(".gitignore");
        if (gitignore != null) {
            for (String line : new String(gitignore.bytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ignored.add(glob(line.strip()));
                }
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode files = answer.putArray("files");
        for (JsonNode file : JSON.readTree(request.body()).path("files")) {
            String path = file.path("path").asString();
            long size = file.path("size").asLong();
            ObjectNode entry = files.addObject().put("path", path)
                    .put("uploadMode", lfsMode(path, size) ? "lfs" : "regular")
                    .put("shouldIgnore", ignored.stream().anyMatch(p -> p.matcher(path).matches()));
            FileEntry existing = tree.get(path);
            if (existing != null) {
                entry.put("oid", existing.oid());
            }
        }
        answer.put("commitOid", branchHead(repo, rev));
        return answer;
    }

    private boolean lfsMode(String path, long size) {
        return size > 0 && (size >= lfsThreshold || LFS_PATTERNS.stream().anyMatch(p -> glob(p).matcher(path).matches()));
    }

    private ObjectNode commit(Repo repo, String rev, Recorded request) {
        String head = branchHead(repo, rev);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : request.text().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        if (lines.isEmpty() || !lines.get(0).path("key").asString("").equals("header")
                || lines.get(0).path("value").path("summary").asString("").isBlank()) {
            throw new Reply(400, "The first line must be a header with a non-empty summary");
        }
        if (lines.size() == 1) {
            throw new Reply(400, "Add a line with the key `lfsFile`, `file` or `deletedFile`");
        }
        String parent = lines.get(0).path("value").path("parentCommit").asString(null);
        if (parent != null && !parent.equals(head)) {
            throw new Reply(412, "The branch was updated since you opened this page. Please refresh and try again.");
        }
        Map<String, FileEntry> tree = new TreeMap<>(repo.trees.get(head));
        for (JsonNode line : lines.subList(1, lines.size())) {
            JsonNode value = line.path("value");
            String path = value.path("path").asString();
            switch (line.path("key").asString("")) {
                case "file" -> {
                    byte[] bytes = Base64.getDecoder().decode(value.path("content").asString());
                    if (lfsMode(path, bytes.length)) {
                        throw new Reply(400, "Your push was rejected because it contains files larger than 10 MiB."
                                + " Please use https://git-lfs.github.com/ to store large files: " + path);
                    }
                    tree.put(path, new FileEntry(false, LocalFile.gitSha1(bytes), bytes));
                }
                case "lfsFile" -> {
                    String oid = value.path("oid").asString();
                    if (!lfsStore.containsKey(oid)) {
                        throw new Reply(422, "LFS object " + oid + " for " + path + " was never uploaded");
                    }
                    tree.put(path, new FileEntry(true, oid, lfsStore.get(oid)));
                }
                case "deletedFile" -> tree.remove(path);
                default -> throw new Reply(400, "Unknown key " + line.path("key"));
            }
        }
        String sha = newSha();
        repo.trees.put(sha, tree);
        repo.commits++;
        ObjectNode answer = JSON.createObjectNode().put("success", true).put("commitOid", sha)
                .put("commitUrl", base + "/datasets/" + repo.id + "/commit/" + sha).put("hookOutput", "");
        if ("1".equals(query(request, "create_pr"))) {
            repo.pullRequests++;
            repo.branches.put("refs/pr/" + repo.pullRequests, sha);
            answer.put("pullRequestUrl", base + "/datasets/" + repo.id + "/discussions/" + repo.pullRequests);
        } else {
            repo.branches.put(rev, sha);
        }
        return answer;
    }

    private ObjectNode lfsBatch(String type, String repoId, Recorded request) {
        Repo repo = repo(type, repoId);
        JsonNode body = JSON.readTree(request.body());
        if (!body.path("operation").asString("").equals("upload") || !body.path("hash_algo").asString("").equals("sha256")) {
            throw new Reply(422, "Expected operation 'upload' and hash_algo 'sha256'");
        }
        ObjectNode answer = JSON.createObjectNode().put("transfer", "basic");
        ArrayNode objects = answer.putArray("objects");
        for (JsonNode object : body.path("objects")) {
            String oid = object.path("oid").asString();
            long size = object.path("size").asLong();
            ObjectNode entry = objects.addObject().put("oid", oid).put("size", size);
            if (lfsStore.containsKey(oid) && lfsStore.get(oid).length == size) {
                continue;
            }
            issuedSizes.put(oid, size);
            entry.put("authenticated", true);
            ObjectNode actions = entry.putObject("actions");
            if (size >= multipartThreshold) {
                ObjectNode upload = actions.putObject("upload")
                        .put("href", base + "/api/complete_multipart?uploadId=u-" + oid.substring(0, 8) + "&oid=" + oid
                                + "&signature=fake");
                ObjectNode header = upload.putObject("header").put("chunk_size", String.valueOf(chunkSize));
                for (int part = 1; (long) (part - 1) * chunkSize < size; part++) {
                    header.put(String.format("%05d", part), base + "/__s3part/" + oid + "/" + part + "?sig=fake");
                }
            } else {
                actions.putObject("upload").put("href", base + "/__s3/" + oid + "?X-Amz-Signature=fake").putObject("header");
                actions.putObject("verify").put("href", base + "/" + (type.equals("model") ? "" : type + "s/") + repo.id
                        + ".git/info/lfs/objects/verify");
            }
        }
        return answer;
    }

    private Object putObject(Recorded request, HttpExchange exchange, String oid) {
        requireContentLength(request);
        byte[] body = request.body();
        Long size = issuedSizes.get(oid);
        if (size == null || size != body.length || !sha256(body).equals(oid)) {
            throw new Reply(400, "The uploaded body does not match oid " + oid + " and size " + size);
        }
        lfsStore.put(oid, body);
        exchange.getResponseHeaders().add("ETag", "\"" + md5(body) + "\"");
        return null;
    }

    private Object putPart(Recorded request, HttpExchange exchange, String oid, int part) {
        requireContentLength(request);
        parts.computeIfAbsent(oid, o -> new TreeMap<>()).put(part, request.body());
        exchange.getResponseHeaders().add("ETag", "\"" + md5(request.body()) + "\"");
        return null;
    }

    private ObjectNode completeMultipart(Recorded request) {
        JsonNode body = JSON.readTree(request.body());
        String oid = body.path("oid").asString();
        Map<Integer, byte[]> stored = parts.getOrDefault(oid, Map.of());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        int expected = 1;
        for (JsonNode part : body.path("parts")) {
            int number = part.path("partNumber").asInt();
            byte[] bytes = stored.get(number);
            if (number != expected++ || bytes == null || !part.path("etag").asString().equals("\"" + md5(bytes) + "\"")) {
                throw new Reply(400, "Part " + number + " of " + oid + " is missing or its etag does not match");
            }
            whole.writeBytes(bytes);
        }
        byte[] content = whole.toByteArray();
        if (!sha256(content).equals(oid) || content.length != issuedSizes.getOrDefault(oid, -1L)) {
            throw new Reply(400, "The parts of " + oid + " do not add up to the object");
        }
        lfsStore.put(oid, content);
        return JSON.createObjectNode();
    }

    private ObjectNode verify(Recorded request) {
        JsonNode body = JSON.readTree(request.body());
        byte[] stored = lfsStore.get(body.path("oid").asString());
        if (stored == null || stored.length != body.path("size").asLong()) {
            throw new Reply(404, "Object not found");
        }
        return JSON.createObjectNode();
    }

    private static void requireContentLength(Recorded request) {
        if (request.header("content-length").isEmpty() || request.header("transfer-encoding").isPresent()) {
            throw new Reply(501, "A header you provided implies functionality that is not implemented: Transfer-Encoding");
        }
    }

    private static String query(Recorded request, String name) {
        if (request.query() == null) {
            return null;
        }
        for (String pair : request.query().split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return parts.length > 1 ? parts[1] : "";
            }
        }
        return null;
    }

    private static String key(String type, String repoId) {
        return type + "/" + repoId.toLowerCase(Locale.ROOT);
    }

    /** fnmatch-style: {@code *} also crosses {@code /}. */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    /** Decodes one raw path segment ({@code +} stays {@code +}). */
    private static String percentDecode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length()) {
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String newSha() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(LocalFile.digest("SHA-256").digest(bytes));
    }

    private static String md5(byte[] bytes) {
        return HexFormat.of().formatHex(LocalFile.digest("MD5").digest(bytes));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
