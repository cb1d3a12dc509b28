package cn.anxin.platform.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real HTTP client for the platform's API, signed in as one account (or none): requests with a
 * bearer token, answers as status plus body.
 */
public final class ApiClient {

  /** An answer: status, body text, and the body as JSON when it is JSON. */
  public record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    /** The problem's field error on this JSON Pointer; fails when there is none. */
    public JsonObject errorOn(String field) {
      return json().getJsonArray("errors").stream().map(JsonObject.class::cast)
          .filter(e -> e.getString("field").equals(field)).findFirst()
          .orElseThrow(() -> new AssertionError("no error on " + field + " in " + body));
    }

    /** The codes of the problem's field errors on this JSON Pointer. */
    public java.util.List<String> codesOn(String field) {
      return json().getJsonArray("errors").stream().map(JsonObject.class::cast)
          .filter(e -> e.getString("field").equals(field)).map(e -> e.getString("code")).toList();
    }

    public boolean isProblem() {
      return headers.firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;
  private final String token;
  private final String language;
  private final java.util.Map<String, String> headers;

  ApiClient(int port, String token, String language) {
    this(port, token, language, java.util.Map.of());
  }

  private ApiClient(int port, String token, String language, java.util.Map<String, String> headers) {
    this.port = port;
    this.token = token;
    this.language = language;
    this.headers = headers;
  }

  /** The same client, sending this header on every request too. */
  public ApiClient withHeader(String name, String value) {
    java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiClient(port, token, language, more);
  }

  /** The API of a platform on this loopback port, not signed in. */
  public static ApiClient anonymousOn(int port) {
    return new ApiClient(port, null, null);
  }

  /** Signs in with the test password; the answer must be 201. */
  public ApiClient signIn(String username) {
    Answer answer = post("/api/session",
        new JsonObject().put("username", username).put("password", TestAccounts.PASSWORD));
    if (answer.status() != 201) {
      throw new AssertionError("sign-in of " + username + " answered " + answer.status() + ": " + answer.body());
    }
    return new ApiClient(port, answer.json().getString("token"), language, headers);
  }

  /** The same account, asking for answers in another language ("en" or "zh-CN"). */
  public ApiClient inLanguage(String tag) {
    return new ApiClient(port, token, tag, headers);
  }

  /** The same server, signed in with another token (null: anonymous). */
  public ApiClient withToken(String otherToken) {
    return new ApiClient(port, otherToken, language, headers);
  }

  public String token() {
    return token;
  }

  public Answer get(String path) {
    return send("GET", path, null, null);
  }

  public Answer delete(String path) {
    return send("DELETE", path, null, null);
  }

  public Answer post(String path, JsonObject body) {
    return send("POST", path, body.encode(), "application/json");
  }

  public Answer put(String path, JsonObject body) {
    return send("PUT", path, body.encode(), "application/json");
  }

  public Answer patch(String path, JsonObject body) {
    return send("PATCH", path, body.encode(), "application/json");
  }

  /** A raw upload (a spreadsheet), as application/octet-stream. */
  public Answer upload(String path, byte[] content) {
    HttpRequest.Builder b = base(path).method("POST", HttpRequest.BodyPublishers.ofByteArray(content))
        .header("Content-Type", "application/octet-stream");
    return exchange(b);
  }

  public Answer send(String method, String path, String body, String contentType) {
    HttpRequest.Builder b = base(path).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return exchange(b);
  }

  private HttpRequest.Builder base(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (language != null) {
      b.header("Accept-Language", language);
    }
    headers.forEach(b::header);
    return b;
  }

  private static Answer exchange(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r.headers());
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }
}
