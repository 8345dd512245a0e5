package dev.commitbench.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code HubHttp} is used to send one upload's requests: it retries 408, 429, 5xx and network errors
 * (at most {@value #MAX_ATTEMPTS} attempts, sleeping 1, 2, 4, 8, 8 times the base delay, or what
 * {@code Retry-After} (seconds or an HTTP date) / a 429's {@code RateLimit} asks for), and turns the Hub's error answers into
 * {@link HubException}s that say what happened and what to do. It never puts the token into a message.
 */
final class HubHttp {

    static final int MAX_ATTEMPTS = 6;
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Duration MAX_SERVER_DELAY = Duration.ofMinutes(5);
    private static final Pattern RATE_LIMIT = Pattern.compile("\"(\\w+)\"\\s*;\\s*r\\s*=\\s*(\\d+)\\s*;\\s*t\\s*=\\s*(\\d+)");

    /** {@code Sleeper} is used to wait between attempts; tests record instead of waiting. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One answer of the Hub (or of the storage behind it). */
    record Response(URI uri, String method, int status, java.net.http.HttpHeaders headers, byte[] body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean html() {
            String type = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            String start = text().stripLeading().toLowerCase(Locale.ROOT);
            return type.contains("html") || start.startsWith("<!doctype html") || start.startsWith("<html");
        }

        String where() {
            return method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
        }
    }

    private final HttpClient client;
    private final Duration backoffBase;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final Consumer<String> log;
    private final UploadRequest request;

    HubHttp(HttpClient client, Duration backoffBase, Duration requestTimeout, Sleeper sleeper, Consumer<String> log,
            UploadRequest request) {
        this.client = client;
        this.backoffBase = backoffBase;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
        this.log = log;
        this.request = request;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** A request to the Hub's own API (with the token). */
    HttpRequest.Builder api(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + request.token().value())
                .header("User-Agent", userAgent());
    }

    /** A request to a presigned storage or completion URL (never with the token). */
    HttpRequest.Builder storage(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("User-Agent", userAgent());
    }

    private static String userAgent() {
        return "commitbench/0.1; java/" + Runtime.version().feature();
    }

    /**
     * Sends a request, retrying transient failures when {@code retry} is set; returns the last answer,
     * whatever its status.
     *
     * @throws HubException when the Hub cannot be reached at all (status {@code -1})
     */
    Response send(HttpRequest httpRequest, boolean retry) {
        int attempts = retry ? MAX_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            Duration delay;
            String reason;
            try {
                HttpResponse<byte[]> answer = client.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
                Response response = new Response(httpRequest.uri(), httpRequest.method(), answer.statusCode(),
                        answer.headers(), answer.body());
                if (!retriable(response.status()) || attempt == attempts) {
                    return response;
                }
                delay = serverDelay(response).orElse(backoff(attempt));
                reason = "status " + response.status();
            } catch (IOException e) {
                if (attempt == attempts) {
                    throw new HubException(redact("Cannot reach the Hugging Face Hub: " + where(httpRequest) + " failed"
                            + (attempts > 1 ? " " + attempts + " times" : "") + " (" + e + "). Check the network and"
                            + " the endpoint [" + request.endpoint() + "] (HF_ENDPOINT), then upload again; "
                            + keptNote()), -1, e);
                }
                delay = backoff(attempt);
                reason = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException("The upload to the Hugging Face Hub was interrupted during " + where(httpRequest)
                        + "; " + keptNote(), -1, e);
            }
            log.accept("Retrying " + where(httpRequest) + " in " + delay.toMillis() + " ms after " + reason
                    + " (attempt " + (attempt + 1) + " of " + attempts + ").");
            sleep(delay);
        }
    }

    void sleep(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("The upload to the Hugging Face Hub was interrupted while waiting to retry; "
                    + keptNote(), -1, e);
        }
    }

    static boolean retriable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The exponential backoff after a failed attempt: 1, 2, 4, 8, 8 times the base. */
    Duration backoff(int attempt) {
        return backoffBase.multipliedBy(1L << Math.min(attempt - 1, 3));
    }

    /**
     * What the server asked for: {@code Retry-After} in seconds or as an HTTP date (RFC 1123; a past date
     * means at once), or the reset time of a 429's {@code RateLimit}.
     */
    private static Optional<Duration> serverDelay(Response response) {
        Optional<String> retryAfter = response.header("Retry-After").map(String::strip);
        if (retryAfter.isPresent() && retryAfter.get().matches("\\d{1,9}")) {
            return Optional.of(cap(Duration.ofSeconds(Long.parseLong(retryAfter.get()))));
        }
        if (retryAfter.isPresent()) {
            try {
                Instant date = ZonedDateTime.parse(retryAfter.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration delay = Duration.between(Instant.now(), date);
                return Optional.of(cap(delay.isNegative() ? Duration.ZERO : delay));
            } catch (DateTimeParseException e) {
                // Neither seconds nor a date: fall back to the rate limit or the backoff.
            }
        }
        if (response.status() == 429) {
            Matcher matcher = RATE_LIMIT.matcher(response.header("RateLimit").orElse(""));
            if (matcher.find() && matcher.group(2).equals("0")) {
                return Optional.of(cap(Duration.ofSeconds(Long.parseLong(matcher.group(3)) + 1)));
            }
        }
        return Optional.empty();
    }

    private static Duration cap(Duration delay) {
        return delay.compareTo(MAX_SERVER_DELAY) > 0 ? MAX_SERVER_DELAY : delay;
    }

    /**
     * Reads a successful JSON answer.
     *
     * @throws HubException for an error status, HTML, or a body that is not JSON
     */
    JsonNode json(Response response) {
        if (!response.ok()) {
            throw failure(response);
        }
        if (response.html()) {
            throw htmlAnswer(response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new HubException(redact("The Hugging Face Hub answered " + response.where() + " with a body that is"
                    + " not JSON: " + excerpt(response.text()) + ". Check that the endpoint [" + request.endpoint()
                    + "] (HF_ENDPOINT) is the Hub; " + keptNote()), response.status(), e);
        }
    }

    /** Checks that an answer is 2xx. */
    Response ok(Response response) {
        if (!response.ok()) {
            throw failure(response);
        }
        return response;
    }

    private HubException htmlAnswer(Response response) {
        return new HubException("The Hugging Face Hub answered " + response.where() + " with an HTML page (status "
                + response.status() + ") instead of JSON, so [" + request.endpoint() + "] is probably not the Hub's"
                + " API (a web page, a proxy or a login portal). Set the endpoint (HF_ENDPOINT) to the Hub, e.g. "
                + UploadRequest.DEFAULT_ENDPOINT + "; " + keptNote(), response.status(), null);
    }

    /** Turns an error answer into an exception that says what happened and what to do. */
    HubException failure(Response response) {
        int status = response.status();
        if (response.html()) {
            return htmlAnswer(response);
        }
        String repo = request.repoType() + " repo [" + request.repoId() + "]";
        String said = " (" + status + " on " + response.where() + ": " + serverMessage(response) + ")";
        String errorCode = response.header("X-Error-Code").orElse("");
        String message;
        if (status == 401) {
            message = "The Hugging Face Hub rejected the token from " + request.token().source() + said
                    + ". Check that it is valid and not expired (https://huggingface.co/settings/tokens), or pass"
                    + " another one (token / HF_TOKEN).";
        } else if (status == 403) {
            message = "The Hugging Face Hub refused to let this token write to " + repo + said
                    + ". Use a token with write access to the repo or its namespace"
                    + " (https://huggingface.co/settings/tokens).";
        } else if (status == 404 && errorCode.equals("RevisionNotFound")) {
            message = "The revision [" + request.revision() + "] does not exist in " + repo + said
                    + ". Create the branch on the Hub first, or upload to an existing branch such as 'main'.";
        } else if (status == 404 && (errorCode.equals("RepoNotFound") || response.uri().getRawPath().startsWith(
                request.endpoint().getRawPath() + "/api/" + request.apiType() + "/"))) {
            message = "The " + repo + " does not exist at " + request.endpoint() + said
                    + ". Create it on the Hub, or turn on repo creation (command line: --create_repo; JUnit:"
                    + " commitbench.upload.createRepo=true; Java: UploadRequest.Builder.createRepo(true)).";
        } else if (status == 412) {
            message = "The branch [" + request.revision() + "] of " + repo + " changed while uploading" + said
                    + ". Run the upload again.";
        } else if (status == 413) {
            message = "The Hugging Face Hub rejected the upload to " + repo + " as too large" + said
                    + ". Upload fewer or smaller files at once (split the folder into several uploads).";
        } else if (status == 429) {
            message = "The Hugging Face Hub kept rate-limiting the upload to " + repo + said
                    + ". Wait for the quota to reset and upload again.";
        } else if (status >= 500) {
            message = "The Hugging Face Hub kept failing while uploading to " + repo + said
                    + ". It is probably a temporary outage; upload again later.";
        } else {
            message = "The Hugging Face Hub refused the upload to " + repo + said + ".";
        }
        return new HubException(redact(message + " " + capitalize(keptNote())), status, null);
    }

    /** The Hub's own words: {@code X-Error-Message}, then the JSON body's error fields, then the text. */
    static String serverMessage(Response response) {
        Optional<String> header = response.header("X-Error-Message");
        if (header.isPresent() && !header.get().isBlank()) {
            return header.get();
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            for (String field : new String[] {"error_description", "error", "message"}) {
                JsonNode node = body.path(field);
                if (node.isString()) {
                    return node.asString();
                }
                if (node.isArray() && !node.isEmpty()) {
                    return node.toString();
                }
            }
            if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
                return body.path("errors").get(0).path("message").asString(body.path("errors").toString());
            }
        } catch (JacksonException e) {
            // Not JSON: the plain text below is the message.
        }
        String text = response.text().strip();
        return text.isEmpty() ? "no message" : excerpt(text);
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    String keptNote() {
        return "the local folder [" + request.folder() + "] was not modified.";
    }

    private static String where(HttpRequest httpRequest) {
        URI uri = httpRequest.uri();
        return httpRequest.method() + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }

    /** Masks the token should a server ever echo it. */
    String redact(String message) {
        return message.replace(request.token().value(), "****");
    }
}
