package cn.anxin.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The platform's REST API as the simulator uses it: plain HTTP and JSON, signed in with a bearer
 * token (docs/api.md). Failures are {@link PlatformApiException}s carrying the status and the problem's
 * detail.
 */
public final class PlatformApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;
    private String token;

    public PlatformApi(URI base) {
        String text = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** An answer: its status and its JSON body (a NullNode when empty). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The platform's time as {@code GET /health/clock} tells it, and when (real time) it was read. */
    public record ClockReading(Instant platformNow, double speed, long readAtNanos) {

        /** The platform's time now, reckoned from the reading. */
        public Instant now() {
            return at(System.nanoTime());
        }

        /** The platform's time at this {@link System#nanoTime()}. */
        public Instant at(long nanoTime) {
            double nanos = (nanoTime - readAtNanos) * speed;
            return platformNow.plusNanos((long) nanos);
        }

        /** The {@link System#nanoTime()} at which the platform's clock shows this time. */
        public long nanoTimeOf(Instant platformTime) {
            double realNanos = Duration.between(platformNow, platformTime).toNanos() / speed;
            return readAtNanos + (long) realNanos;
        }
    }

    /** Signs in (POST /api/session); later calls carry the token. */
    public void signIn(String username, String password) throws PlatformApiException {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        Answer answer = send("POST", "/api/session", body);
        if (answer.status() == 401) {
            throw new PlatformApiException(401, "sign-in refused for " + username + ": wrong user name or password");
        }
        require(answer, "POST /api/session");
        token = answer.body().path("token").asText(null);
        if (token == null) {
            throw new PlatformApiException(answer.status(), "sign-in answered without a token");
        }
    }

    /** {@code GET /health/clock}, timed at the middle of the request. */
    public ClockReading clock() throws PlatformApiException {
        long before = System.nanoTime();
        Answer answer = send("GET", "/health/clock", null);
        long after = System.nanoTime();
        if (answer.status() == 404) {
            throw new PlatformApiException(404, "the platform does not tell its clock (GET /health/clock): an older version?");
        }
        require(answer, "GET /health/clock");
        return new ClockReading(Instant.parse(answer.body().path("now").asText()),
                answer.body().path("speed").asDouble(1), before + (after - before) / 2);
    }

    public Answer get(String path) throws PlatformApiException {
        return send("GET", path, null);
    }

    public Answer post(String path, JsonNode body) throws PlatformApiException {
        return send("POST", path, body);
    }

    public Answer put(String path, JsonNode body) throws PlatformApiException {
        return send("PUT", path, body);
    }

    /** Fails with the problem's detail unless the answer is 2xx. */
    public static JsonNode require(Answer answer, String what) throws PlatformApiException {
        if (!answer.ok()) {
            JsonNode body = answer.body();
            String detail = body.path("detail").asText(body.path("title").asText(""));
            JsonNode errors = body.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                detail += " " + errors;
            }
            throw new PlatformApiException(answer.status(), what + " answered " + answer.status()
                    + (detail.isBlank() ? "" : ": " + detail));
        }
        return answer.body();
    }

    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Answer send(String method, String path, JsonNode body) throws PlatformApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Accept-Language", "en")
                .header("X-Anxin-Purpose", "device-sim scenario");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = NullNode.getInstance();
            if (response.body().length > 0) {
                try {
                    json = JSON.readTree(response.body());
                } catch (IOException notJson) {
                    json = JSON.createObjectNode().put("detail", new String(response.body(), StandardCharsets.UTF_8));
                }
            }
            return new Answer(response.statusCode(), json == null ? NullNode.getInstance() : json);
        } catch (IOException e) {
            throw new PlatformApiException(0, method + " " + base + path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformApiException(0, method + " " + base + path + " interrupted");
        }
    }
}
