package dev.commitbench.hub;

import static dev.commitbench.hub.HubUploaderTests.REPO;
import static dev.commitbench.hub.HubUploaderTests.TOKEN;
import static dev.commitbench.hub.HubUploaderTests.local;
import static dev.commitbench.hub.HubUploaderTests.randomBytes;
import static dev.commitbench.hub.HubUploaderTests.runFolder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.commitbench.hub.HubTestServer.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link HubUploader} retries transient failures and explains the ones it cannot recover from. */
class HubUploaderFaultTests {

    private static final String PREUPLOAD = "/preupload/";
    private static final String COMMIT = "/commit/";

    @TempDir
    Path temp;

    final HubTestServer server = HubTestServer.start(TOKEN).createRepo(REPO);
    final List<String> log = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final HubUploader uploader = new HubUploader(log::add, Duration.ofMillis(1), Duration.ofSeconds(10), sleeps::add);

    @AfterEach
    void stop() {
        server.close();
    }

    UploadRequest.Builder request(Path folder) {
        return UploadRequest.builder(REPO, folder).endpoint(server.endpoint()).token(HubToken.of(TOKEN));
    }

    UploadResult uploadRun() throws IOException {
        Path run = runFolder(temp);
        UploadResult result = uploader.upload(request(run).build());
        HubUploaderTests.assertSameFiles(server.files(REPO, "main"), local(run, ""));
        return result;
    }

    HubException failedUpload(UploadRequest.Builder request) {
        return catchThrowableOfType(HubException.class, () -> uploader.upload(request.build()));
    }

    @Test
    void waits_as_long_as_retry_after_asks_on_429() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).status(429, "{\"error\":\"You have exceeded our hourly quotas\"}")
                .header("Retry-After", "7"));

        assertThat(uploadRun().success()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(log).anyMatch(line -> line.startsWith("Retrying POST " + server.endpoint()
                + "/api/datasets/tester/bench/preupload/main in 7000 ms after status 429 (attempt 2 of 6)"));
    }

    @Test
    void waits_until_the_http_date_retry_after_names() throws IOException {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        String past = "Wed, 21 Oct 2015 07:28:00 GMT";
        server.inject(Fault.on("POST", PREUPLOAD).status(503, "{}").header("Retry-After", inTenSeconds))
                .inject(Fault.on("POST", PREUPLOAD).status(503, "{}").header("Retry-After", past))
                .inject(Fault.on("POST", PREUPLOAD).status(503, "{}").header("Retry-After", "soon"));

        uploadRun();

        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).as("until " + inTenSeconds).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(sleeps.get(1)).as("a date in the past: at once").isEqualTo(Duration.ZERO);
        assertThat(sleeps.get(2)).as("neither seconds nor a date: the backoff").isEqualTo(Duration.ofMillis(4));
    }

    @Test
    void gives_up_when_the_hub_keeps_rate_limiting() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).times(6).status(429, "{\"error\":\"You have exceeded our hourly quotas\"}")
                .header("Retry-After", "1"));

        HubException e = failedUpload(request(runFolder(temp)));

        assertThat(sleeps).hasSize(5).containsOnly(Duration.ofSeconds(1));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e).hasMessage("The Hugging Face Hub kept rate-limiting the upload to dataset repo [tester/bench]"
                + " (429 on POST " + server.endpoint() + "/api/datasets/tester/bench/preupload/main: You have exceeded"
                + " our hourly quotas). Wait for the quota to reset and upload again. The local folder ["
                + temp.resolve("run") + "] was not modified.");
    }

    @Test
    void gives_up_when_the_hub_cannot_be_reached_six_times() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).times(6).reset());

        HubException e = failedUpload(request(runFolder(temp)));

        assertThat(sleeps).extracting(Duration::toMillis).containsExactly(1L, 2L, 4L, 8L, 8L);
        assertThat(e.status()).isEqualTo(-1);
        assertThat(e).hasMessageStartingWith("Cannot reach the Hugging Face Hub: POST " + server.endpoint()
                        + "/api/datasets/tester/bench/preupload/main failed 6 times (")
                .hasMessageEndingWith("). Check the network and the endpoint [" + server.endpoint() + "] (HF_ENDPOINT),"
                        + " then upload again; the local folder [" + temp.resolve("run") + "] was not modified.")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void explains_a_body_that_is_not_json() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).status(200, "upstream said: all good"));

        HubException e = failedUpload(request(runFolder(temp)));

        assertThat(e).hasMessage("The Hugging Face Hub answered POST " + server.endpoint()
                + "/api/datasets/tester/bench/preupload/main with a body that is not JSON: upstream said: all good."
                + " Check that the endpoint [" + server.endpoint() + "] (HF_ENDPOINT) is the Hub; the local folder ["
                + temp.resolve("run") + "] was not modified.");
    }

    @Test
    void waits_for_the_rate_limit_window_on_429_without_retry_after() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).status(429, "{}").header("RateLimit", "\"api\";r=0;t=2"));

        uploadRun();

        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void retries_408_one_500_and_a_reset_connection_with_exponential_backoff() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).status(408, "{\"error\":\"Request Timeout\"}"))
                .inject(Fault.on("POST", PREUPLOAD)).inject(Fault.on("POST", PREUPLOAD).reset());

        uploadRun();

        assertThat(sleeps).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4));
        assertThat(server.requests("POST", PREUPLOAD)).hasSize(4);
        assertThat(log).anyMatch(line -> line.contains("after IOException (attempt 4 of 6)"));
    }

    @Test
    void retries_a_response_slower_than_the_request_timeout() throws IOException {
        // Generous against a busy machine: only the delayed answer may time out, never an ordinary one.
        HubUploader impatient = new HubUploader(log::add, Duration.ofMillis(1), Duration.ofMillis(1500), sleeps::add);
        server.inject(Fault.on("POST", PREUPLOAD).delay(3000));
        Path run = runFolder(temp);

        UploadResult result = impatient.upload(request(run).build());

        assertThat(result.success()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofMillis(1));
        assertThat(log).anyMatch(line -> line.contains("after HttpTimeoutException"));
    }

    @Test
    void retries_lfs_storage_failures() throws IOException {
        server.lfsThreshold(2048).multipart(6000, 2500)
                .inject(Fault.on("PUT", "/__s3part/.*/2$").status(503, "{}"))
                .inject(Fault.on("POST", "/api/complete_multipart").reset());
        Path run = runFolder(temp);
        Files.write(run.resolve("huge.dat"), randomBytes(7000, 5));

        uploader.upload(request(run).build());

        HubUploaderTests.assertSameFiles(server.files(REPO, "main"), local(run, ""));
        assertThat(server.requests("PUT", "/__s3part/")).hasSize(4);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void retries_a_failed_commit_after_asking_again_which_files_changed_and_commits_once() throws IOException {
        server.inject(Fault.on("POST", COMMIT).status(502, "{\"error\":\"Bad Gateway\"}"));

        uploadRun();

        assertThat(server.commits(REPO)).isEqualTo(1);
        assertThat(server.requests()).extracting(HubTestServer.Recorded::rawPath).containsExactly(
                "/api/datasets/tester/bench/preupload/main", "/api/datasets/tester/bench/commit/main",
                "/api/datasets/tester/bench/preupload/main", "/api/datasets/tester/bench/commit/main");
        assertThat(log).anyMatch(line -> line.startsWith("The commit failed (status 502); asking the Hub again"));
    }

    @Test
    void does_not_commit_twice_when_the_answer_to_a_commit_that_landed_is_lost() throws IOException {
        server.inject(Fault.on("POST", COMMIT).status(500, "{\"error\":\"Internal Error\"}").afterwards());

        UploadResult result = uploadRun();

        assertThat(server.commits(REPO)).isEqualTo(1);
        assertThat(result.success()).isTrue();
        assertThat(result.commitOid()).isEqualTo(server.head(REPO, "main"));
        assertThat(result.unchangedFiles()).isEqualTo(4);
        assertThat(server.requests("POST", COMMIT)).hasSize(1);
    }

    @Test
    void uses_an_existing_repo_that_the_token_may_not_create() throws IOException {
        server.inject(Fault.on("POST", "/api/repos/create").status(403,
                "{\"error\":\"You don't have the rights to create a dataset under this namespace\"}"));

        UploadResult result = uploader.upload(request(runFolder(temp)).createRepo(true).build());

        assertThat(result.committedFiles()).isEqualTo(4);
        assertThat(server.requests("GET", "/api/datasets/tester/bench")).hasSize(1);
    }

    @Test
    void explains_a_refused_repo_creation() throws IOException {
        server.inject(Fault.on("POST", "/api/repos/create").status(403,
                "{\"error\":\"You don't have the rights to create a dataset under this namespace\"}"));

        HubException e = failedUpload(UploadRequest.builder("other/bench", runFolder(temp)).endpoint(server.endpoint())
                .token(HubToken.of(TOKEN)).createRepo(true));

        assertThat(e).hasMessageStartingWith("The Hugging Face Hub refused to let this token write to dataset repo"
                + " [other/bench] (403 on POST " + server.endpoint() + "/api/repos/create: You don't have the rights"
                + " to create a dataset under this namespace)");
    }

    @Test
    void does_not_retry_a_commit_that_opens_a_pull_request() throws IOException {
        server.inject(Fault.on("POST", COMMIT).status(500, "{\"error\":\"Internal Error\"}"));

        HubException e = failedUpload(request(runFolder(temp)).createPr(true));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e).hasMessageContaining("kept failing while uploading to dataset repo [tester/bench]",
                "Internal Error", "upload again later");
        assertThat(server.requests("POST", COMMIT)).hasSize(1);
    }

    @Test
    void gives_up_after_six_attempts_with_backoff_1_2_4_8_8() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).times(6).status(503, "{\"error\":\"Service Unavailable\"}"));

        HubException e = failedUpload(request(runFolder(temp)));

        assertThat(sleeps).extracting(Duration::toMillis).containsExactly(1L, 2L, 4L, 8L, 8L);
        assertThat(e).hasMessage("The Hugging Face Hub kept failing while uploading to dataset repo [tester/bench]"
                + " (503 on POST " + server.endpoint() + "/api/datasets/tester/bench/preupload/main: Service Unavailable)."
                + " It is probably a temporary outage; upload again later. The local folder [" + temp.resolve("run")
                + "] was not modified.");
    }

    @Test
    void explains_a_rejected_token_without_retrying() throws IOException {
        try (HubTestServer other = HubTestServer.start("hf_theRightToken")) {
            other.createRepo(REPO);
            HubException e = failedUpload(request(runFolder(temp)).endpoint(other.endpoint()));

            assertThat(e.status()).isEqualTo(401);
            assertThat(e).hasMessageStartingWith("The Hugging Face Hub rejected the token from argument (401 on POST ")
                    .hasMessageContaining("Invalid credentials in Authorization header",
                            "Check that it is valid and not expired (https://huggingface.co/settings/tokens)");
            assertThat(other.requests()).hasSize(1);
        }
    }

    @Test
    void explains_a_read_only_token() throws IOException {
        server.readOnly(true);

        HubException e = failedUpload(request(runFolder(temp)));

        assertThat(e.status()).isEqualTo(403);
        assertThat(e).hasMessageContaining("refused to let this token write to dataset repo [tester/bench] (403",
                "your token is read-only", "Use a token with write access to the repo or its namespace");
    }

    @Test
    void explains_a_missing_repo_when_repo_creation_is_off() throws IOException {
        HubException e = failedUpload(UploadRequest.builder("tester/missing", runFolder(temp))
                .endpoint(server.endpoint()).token(HubToken.of(TOKEN)));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e).hasMessageStartingWith("The dataset repo [tester/missing] does not exist at " + server.endpoint())
                .hasMessageContaining("Repository not found",
                        "Create it on the Hub, or turn on repo creation (command line: --create_repo; JUnit:"
                                + " commitbench.upload.createRepo=true; Java: UploadRequest.Builder.createRepo(true)).");
    }

    @Test
    void explains_a_missing_branch() throws IOException {
        HubException e = failedUpload(request(runFolder(temp)).revision("results"));

        assertThat(e).hasMessageStartingWith("The revision [results] does not exist in dataset repo [tester/bench]")
                .hasMessageContaining("Invalid rev id: results", "Create the branch on the Hub first");
    }

    @Test
    void explains_412_and_413_on_commit() throws IOException {
        server.inject(Fault.on("POST", COMMIT).status(412,
                "{\"error\":\"A commit has happened since. Please refresh and try again.\"}"));
        server.inject(Fault.on("POST", COMMIT).status(413, "{\"error\":\"Payload Too Large\"}"));
        Path run = runFolder(temp);

        HubException moved = failedUpload(request(run));
        HubException tooLarge = failedUpload(request(run));

        assertThat(moved.status()).isEqualTo(412);
        assertThat(moved).hasMessageStartingWith("The branch [main] of dataset repo [tester/bench] changed while uploading"
                + " (412 on POST ").hasMessageContaining("A commit has happened since", "Run the upload again.");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge).hasMessageContaining("rejected the upload to dataset repo [tester/bench] as too large (413",
                "Payload Too Large", "Upload fewer or smaller files at once");
    }

    @Test
    void explains_an_html_page_instead_of_json() throws IOException {
        server.inject(Fault.on("POST", PREUPLOAD).html());

        HubException e = failedUpload(request(runFolder(temp)));

        assertThat(e).hasMessage("The Hugging Face Hub answered POST " + server.endpoint()
                + "/api/datasets/tester/bench/preupload/main with an HTML page (status 200) instead of JSON, so ["
                + server.endpoint() + "] is probably not the Hub's API (a web page, a proxy or a login portal). Set the"
                + " endpoint (HF_ENDPOINT) to the Hub, e.g. https://huggingface.co; the local folder ["
                + temp.resolve("run") + "] was not modified.");
    }

    @Test
    void explains_an_lfs_object_the_storage_refuses() throws IOException {
        server.lfsThreshold(2048).inject(Fault.on("POST", "/objects/batch").status(200,
                "{\"objects\":[{\"oid\":\"" + HubTestServer.sha256(randomBytes(3000, 6)) + "\",\"size\":3000,"
                        + "\"error\":{\"code\":422,\"message\":\"Object too large for this repo\"}}]}"));
        Path run = runFolder(temp);
        Files.write(run.resolve("big.json"), randomBytes(3000, 6));

        HubException e = failedUpload(request(run));

        assertThat(e).hasMessageStartingWith("The Hugging Face Hub's LFS storage refused [big.json] (3000 bytes): error 422,"
                + " Object too large for this repo.");
    }

    @Test
    void explains_an_empty_or_missing_folder() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty/sub"));

        assertThatThrownBy(() -> uploader.upload(request(empty.getParent()).build())).isInstanceOf(HubException.class)
                .hasMessage("Nothing to upload: the folder [" + empty.getParent() + "] has no files. Check that the"
                        + " benchmark wrote its results there before uploading.");
        assertThatThrownBy(() -> uploader.upload(request(temp.resolve("nowhere")).build()))
                .hasMessage("The folder to upload [" + temp.resolve("nowhere") + "] does not exist or is not a directory."
                        + " Upload the run folder the benchmark wrote its results into.");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void only_warns_when_asked_to_and_returns_a_failed_result() throws IOException {
        server.readOnly(true);

        UploadResult result = uploader.upload(request(runFolder(temp)).warnOnly(true).build());

        assertThat(result.success()).isFalse();
        assertThat(result.commitOid()).isNull();
        assertThat(result.failure()).contains("(403 on POST", "Use a token with write access");
        assertThat(log).contains("WARNING: " + result.failure());
    }

    @Test
    void never_modifies_the_local_folder_when_an_upload_fails() throws IOException {
        server.lfsThreshold(2048).multipart(6000, 2500)
                .inject(Fault.on("POST", "/api/complete_multipart").times(6).status(500, "{}"));
        Path run = runFolder(temp);
        Files.write(run.resolve("huge.dat"), randomBytes(7000, 7));
        Map<String, byte[]> before = local(run, "");
        Map<String, java.nio.file.attribute.FileTime> times = new java.util.TreeMap<>();
        for (String path : before.keySet()) {
            times.put(path, Files.getLastModifiedTime(run.resolve(path)));
        }

        assertThatThrownBy(() -> uploader.upload(request(run).build())).isInstanceOf(HubException.class);

        HubUploaderTests.assertSameFiles(local(run, ""), before);
        for (String path : before.keySet()) {
            assertThat(Files.getLastModifiedTime(run.resolve(path))).as(path).isEqualTo(times.get(path));
        }
        assertThat(server.commits(REPO)).isZero();
    }
}
