package dev.commitbench.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link HubUploader} uploads whole run folders that the Hub test server then holds byte for byte. */
class HubUploaderTests {

    static final String TOKEN = "hf_uploaderTestSecret123";
    static final String REPO = "tester/bench";

    @TempDir
    Path temp;

    final HubTestServer server = HubTestServer.start(TOKEN);
    final List<String> log = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final HubUploader uploader = new HubUploader(log::add, Duration.ofMillis(1), Duration.ofSeconds(10), sleeps::add);

    @AfterEach
    void stop() {
        server.close();
    }

    /** A run folder as the session writes it: per-run summaries, the combined files and a report. */
    static Path runFolder(Path parent) throws IOException {
        Path run = parent.resolve("run");
        write(run.resolve("summary.json"), "{\n    \"gpt2\": {}\n}");
        write(run.resolve("summaries.json"), "[]");
        write(run.resolve("commit=1a2b3c/batch_size=1/round-1/summary.json"),
                "{\"model\": \"gpt2\", \"commit\": \"1a2b3c\", \"config\": \"batch_size=1\", \"metrics\": {\"é\": 1.5}}");
        write(run.resolve("report.md"), "# commitbench\n\n1 regressed, 0 improved\n");
        return run;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    UploadRequest.Builder request(Path folder) {
        return UploadRequest.builder(REPO, folder).endpoint(server.endpoint()).token(HubToken.of(TOKEN));
    }

    /** Every file under {@code folder} as {@code prefix + relative path → bytes}. */
    static Map<String, byte[]> local(Path folder, String prefix) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(prefix + folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((path, bytes) -> assertThat(actual.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void uploads_a_run_folder_of_json_files_in_one_preupload_and_one_commit() throws IOException {
        server.createRepo(REPO);
        Path run = runFolder(temp);

        UploadResult result = uploader.upload(request(run).pathInRepo("runs/2026-11-27/").build());

        assertThat(result.success()).isTrue();
        assertThat(result.committedFiles()).isEqualTo(4);
        assertThat(result.lfsFiles()).isZero();
        assertThat(result.commitOid()).isEqualTo(server.head(REPO, "main"));
        assertThat(result.commitUrl()).isEqualTo(server.endpoint() + "/datasets/" + REPO + "/commit/" + result.commitOid());
        assertSameFiles(server.files(REPO, "main"), local(run, "runs/2026-11-27/"));
        assertThat(server.requests()).extracting(HubTestServer.Recorded::rawPath).containsExactly(
                "/api/datasets/tester/bench/preupload/main", "/api/datasets/tester/bench/commit/main");
        HubTestServer.Recorded commit = server.requests().get(1);
        assertThat(commit.header("content-type")).contains("application/x-ndjson");
        assertThat(commit.header("authorization")).contains("Bearer " + TOKEN);
        assertThat(commit.text()).startsWith("{\"key\":\"header\",\"value\":{\"summary\":\"Upload benchmark results"
                + " with commitbench\",\"description\":\"\"}}\n").endsWith("}\n");
        assertThat(log).anyMatch(line -> line.startsWith("Committed 4 files to dataset repo tester/bench"));
    }

    @Test
    void sends_a_file_above_the_lfs_threshold_through_a_single_put_and_verify_without_the_token_on_storage()
            throws IOException {
        server.createRepo(REPO).lfsThreshold(2048);
        Path run = runFolder(temp);
        Files.write(run.resolve("samples.bin.json"), randomBytes(5000, 1));
        Files.write(run.resolve("tiny.bin"), "content".getBytes(StandardCharsets.UTF_8));

        UploadResult result = uploader.upload(request(run).build());

        assertThat(result.lfsFiles()).isEqualTo(2);
        assertSameFiles(server.files(REPO, "main"), local(run, ""));
        assertThat(server.tree(REPO, "main").get("samples.bin.json").lfs()).isTrue();
        assertThat(server.tree(REPO, "main").get("tiny.bin").lfs()).isTrue();
        assertThat(server.tree(REPO, "main").get("report.md").lfs()).isFalse();
        List<HubTestServer.Recorded> puts = server.requests("PUT", "/__s3/");
        assertThat(puts).hasSize(2).allSatisfy(put -> assertThat(put.header("authorization")).isEmpty());
        assertThat(server.requests("POST", "/objects/verify")).hasSize(2)
                .allSatisfy(verify -> assertThat(verify.header("authorization")).contains("Bearer " + TOKEN));
        assertThat(server.requests("POST", "/datasets/tester/bench.git/info/lfs/objects/batch").get(0).text())
                .contains("\"transfers\":[\"basic\",\"multipart\"]", "\"hash_algo\":\"sha256\"", "\"ref\":{\"name\":\"main\"}");
    }

    @Test
    void sends_a_large_file_in_parts_and_completes_the_multipart_upload() throws IOException {
        server.createRepo(REPO).lfsThreshold(2048).multipart(6000, 2500);
        Path run = runFolder(temp);
        Files.write(run.resolve("huge.dat"), randomBytes(7000, 2));

        UploadResult result = uploader.upload(request(run).build());

        assertThat(result.lfsFiles()).isEqualTo(1);
        assertSameFiles(server.files(REPO, "main"), local(run, ""));
        List<HubTestServer.Recorded> parts = server.requests("PUT", "/__s3part/");
        assertThat(parts).extracting(part -> part.body().length).containsExactly(2500, 2500, 2000);
        assertThat(parts).allSatisfy(part -> assertThat(part.header("authorization")).isEmpty());
        List<HubTestServer.Recorded> completion = server.requests("POST", "/api/complete_multipart");
        assertThat(completion).singleElement().satisfies(c -> {
            assertThat(c.header("authorization")).isEmpty();
            assertThat(c.header("content-type")).contains("application/vnd.git-lfs+json");
            assertThat(c.text()).contains("\"partNumber\":3", "\"etag\":\"\\\"");
        });
    }

    @Test
    void preuploads_300_files_in_two_batches_and_commits_them_all_once() throws IOException {
        server.createRepo(REPO);
        Path run = temp.resolve("many");
        for (int i = 0; i < 300; i++) {
            write(run.resolve(String.format("point-%03d/summary.json", i)), "{\"round\": " + i + "}");
        }

        UploadResult result = uploader.upload(request(run).build());

        assertThat(result.committedFiles()).isEqualTo(300);
        assertThat(server.requests("POST", "/preupload/")).extracting(r -> r.text().split("\"path\"", -1).length - 1)
                .containsExactly(256, 44);
        assertThat(server.requests("POST", "/commit/")).hasSize(1);
        assertSameFiles(server.files(REPO, "main"), local(run, ""));
    }

    @Test
    void skips_unchanged_files_and_makes_no_commit_when_nothing_changed() throws IOException {
        server.createRepo(REPO).lfsThreshold(2048);
        Path run = runFolder(temp);
        Files.write(run.resolve("big.json"), randomBytes(3000, 3));
        uploader.upload(request(run).build());
        String head = server.head(REPO, "main");

        UploadResult again = uploader.upload(request(run).build());
        write(run.resolve("report.md"), "# changed\n");
        UploadResult changed = uploader.upload(request(run).build());

        assertThat(again.success()).isTrue();
        assertThat(again.commitOid()).isEqualTo(head);
        assertThat(again.committedFiles()).isZero();
        assertThat(again.unchangedFiles()).isEqualTo(5);
        assertThat(again.commitUrl()).isNull();
        assertThat(changed.committedFiles()).isEqualTo(1);
        assertThat(changed.unchangedFiles()).isEqualTo(4);
        assertThat(server.commits(REPO)).isEqualTo(2);
        assertThat(server.requests("PUT", "/__s3/")).hasSize(1);
        assertSameFiles(server.files(REPO, "main"), local(run, ""));
        assertThat(log).anyMatch(line -> line.startsWith("Nothing to commit: all 5 files are already in"));
    }

    @Test
    void opens_a_pull_request_and_leaves_the_branch_untouched() throws IOException {
        server.createRepo(REPO).lfsThreshold(2048);
        Path run = runFolder(temp);
        Files.write(run.resolve("big.json"), randomBytes(3000, 4));
        String main = server.head(REPO, "main");

        UploadResult result = uploader.upload(request(run).createPr(true).build());

        assertThat(result.pullRequestUrl()).isEqualTo(server.endpoint() + "/datasets/tester/bench/discussions/1");
        assertThat(server.head(REPO, "main")).isEqualTo(main);
        assertSameFiles(server.files(REPO, "refs/pr/1"), local(run, ""));
        assertThat(server.requests("POST", "/preupload/main")).allSatisfy(r -> assertThat(r.query()).isEqualTo("create_pr=1"));
        assertThat(server.requests("POST", "/commit/main")).allSatisfy(r -> assertThat(r.query()).isEqualTo("create_pr=1"));
        assertThat(server.requests("POST", "/objects/batch").get(0).text()).doesNotContain("\"ref\"");
    }

    @Test
    void commits_to_an_encoded_revision() throws IOException {
        server.createRepo(REPO);
        Path run = runFolder(temp);
        uploader.upload(request(run).createPr(true).build());
        write(run.resolve("report.md"), "# second round\n");

        uploader.upload(request(run).revision("refs/pr/1").build());

        assertThat(server.requests("POST", "/commit/refs%2Fpr%2F1")).hasSize(1);
        assertThat(new String(server.files(REPO, "refs/pr/1").get("report.md"), StandardCharsets.UTF_8))
                .isEqualTo("# second round\n");
    }

    @Test
    void creates_a_missing_repo_and_accepts_an_existing_one() throws IOException {
        Path run = runFolder(temp);

        UploadResult first = uploader.upload(request(run).createRepo(true).privateRepo(true).build());
        UploadResult second = uploader.upload(request(run).createRepo(true).build());

        assertThat(server.hasRepo(REPO)).isTrue();
        assertThat(first.committedFiles()).isEqualTo(4);
        assertThat(second.unchangedFiles()).isEqualTo(4);
        assertThat(server.requests("POST", "/api/repos/create").get(0).text())
                .isEqualTo("{\"name\":\"bench\",\"organization\":\"tester\",\"type\":\"dataset\",\"private\":true}");
        assertThat(log).contains("Created dataset repo tester/bench.", "Using the existing dataset repo tester/bench.");
        assertSameFiles(server.files(REPO, "main"), local(run, ""));
    }

    @Test
    void leaves_out_what_the_hub_says_to_ignore_and_the_git_folder() throws IOException {
        server.createRepo(REPO);
        Path first = temp.resolve("first");
        write(first.resolve(".gitignore"), "*.tmp\n");
        uploader.upload(request(first).build());
        Path run = runFolder(temp);
        write(run.resolve("scratch.tmp"), "scratch");
        write(run.resolve(".git/config"), "[core]");

        UploadResult result = uploader.upload(request(run).build());

        assertThat(result.ignoredFiles()).isEqualTo(1);
        assertThat(server.files(REPO, "main")).containsOnlyKeys(".gitignore", "summary.json", "summaries.json",
                "commit=1a2b3c/batch_size=1/round-1/summary.json", "report.md");
    }
}
