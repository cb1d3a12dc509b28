package cn.anxin.platform.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.launch.Stack;
import cn.anxin.platform.launch.StackOptions;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Devices that cannot speak MQTT post the same payloads over HTTP, with the same outcomes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpIngestTest {

  private static final String JSON = "application/json";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private HikariDataSource db;
  private RunningStack stack;

  @BeforeAll
  void start() throws Exception {
    db = TestDatabases.fresh();
    stack = RunningStack.start(db);
  }

  @AfterAll
  void stop() throws Exception {
    stack.close();
    db.close();
  }

  @Test
  void givenBoundRadar_whenItPostsAFall_thenCreatedAndAnOpenP1AlertIsServedAsForMqtt() throws Exception {
    long elderId = TestRegistry.elderWithRadar(db, "张桂英", "radar-http", "s3cret-http");

    HttpResponse<String> response =
        post("radar-http", "s3cret-http", eventPath("radar-http", "fall"), JSON, Payloads.fall("h-1"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getBoolean("duplicate")).isFalse();
    long eventId = body.getLong("eventId");
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE id = ? AND device_id = 'radar-http' AND msg_id = 'h-1'",
        eventId)).as("the answer came after the commit").isEqualTo(1);
    JsonObject alert = await().atMost(Duration.ofSeconds(10)).until(() -> openAlertFor(elderId), a -> a != null);
    assertThat(alert.getString("rule")).isEqualTo("FALL");
    assertThat(alert.getString("severity")).isEqualTo("P1");
    assertThat(alert.getString("deviceId")).isEqualTo("radar-http");
    assertThat(alert.getLong("causeEventId")).isEqualTo(eventId);
  }

  @Test
  void givenStoredFall_whenTheSameMsgIdIsPostedAgain_thenOkDuplicateWithTheSameIdAndStoredOnce() throws Exception {
    TestRegistry.elderWithRadar(db, "杨国富", "radar-http-dup", "secret");
    String path = eventPath("radar-http-dup", "fall");

    HttpResponse<String> first = post("radar-http-dup", "secret", path, JSON, Payloads.fall("same"));
    HttpResponse<String> again = post("radar-http-dup", "secret", path, JSON, Payloads.fall("same"));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    JsonObject answer = new JsonObject(again.body());
    assertThat(answer.getBoolean("duplicate")).isTrue();
    assertThat(answer.getLong("eventId")).isEqualTo(new JsonObject(first.body()).getLong("eventId"));
    assertThat(events("radar-http-dup")).isEqualTo(1);
  }

  @Test
  void givenWrongSecretOrNoCredentials_whenPosting_thenUnauthorizedWithBasicChallengeAndNothingStored()
      throws Exception {
    TestRegistry.elderWithRadar(db, "李正华", "radar-http-pw", "right");
    String path = eventPath("radar-http-pw", "fall");

    HttpResponse<String> wrong = post("radar-http-pw", "wrong", path, JSON, Payloads.fall("pw-1"));
    HttpResponse<String> none = send(request(path).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(Payloads.fall("pw-2"))).build());

    for (HttpResponse<String> response : List.of(wrong, none)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"anxin-ingest\""));
      assertProblem(response, 401);
    }
    assertThat(events("radar-http-pw")).isZero();
  }

  @Test
  void givenUnknownDevice_whenPosting_thenTheAnswerIsIdenticalToAWrongSecret() throws Exception {
    TestRegistry.elderWithRadar(db, "赵玉珍", "radar-http-known", "right");

    HttpResponse<String> wrongSecret =
        post("radar-http-known", "wrong", eventPath("radar-http-known", "fall"), JSON, Payloads.fall("k-1"));
    HttpResponse<String> unknown =
        post("radar-http-ghost", "wrong", eventPath("radar-http-ghost", "fall"), JSON, Payloads.fall("k-1"));

    assertThat(unknown.statusCode()).isEqualTo(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(wrongSecret.body());
    assertThat(unknown.headers().firstValue("WWW-Authenticate"))
        .isEqualTo(wrongSecret.headers().firstValue("WWW-Authenticate"));
  }

  @Test
  void givenDisabledDevice_whenPostingWithItsSecret_thenForbiddenAndNothingStored() throws Exception {
    TestRegistry.elderWithRadar(db, "钱德明", "radar-http-off", "secret");
    TestRegistry.disable(db, "radar-http-off");

    HttpResponse<String> response =
        post("radar-http-off", "secret", eventPath("radar-http-off", "fall"), JSON, Payloads.fall("off-1"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertProblem(response, 403);
    assertThat(events("radar-http-off")).isZero();
  }

  @Test
  void givenAuthenticatedDevice_whenPostingOnAnotherDevicesPath_thenForbiddenQuarantinedAndNothingStored()
      throws Exception {
    TestRegistry.elderWithRadar(db, "孙淑芬", "radar-http-own", "secret");
    TestRegistry.elderWithRadar(db, "周建国", "radar-http-other", "secret");

    HttpResponse<String> response =
        post("radar-http-own", "secret", eventPath("radar-http-other", "fall"), JSON, Payloads.fall("spoof"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertProblem(response, 403);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE msg_id = 'spoof'")).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        quarantined("radar-http-own", "NOT_AUTHORIZED%") == 1);
  }

  @Test
  void givenInvalidPayload_whenPosted_thenProblemNamesTheFieldNothingIsStoredAndTheNextGoodOneIsCreated()
      throws Exception {
    TestRegistry.elderWithRadar(db, "吴秀英", "radar-http-bad", "secret");
    String path = eventPath("radar-http-bad", "fall");

    HttpResponse<String> bad = post("radar-http-bad", "secret", path, JSON,
        "{\"msgId\":\"b-1\",\"ts\":\"" + hoursAgo(1) + "\",\"confidence\":7}");
    HttpResponse<String> good = post("radar-http-bad", "secret", path, JSON, Payloads.fall("b-2"));

    assertThat(bad.statusCode()).isEqualTo(400);
    JsonObject problem = assertProblem(bad, 400);
    assertThat(problem.getString("detail")).contains("/confidence");
    JsonArray errors = problem.getJsonArray("errors");
    assertThat(errors).isNotEmpty();
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer"))).contains("/confidence");
    assertThat(good.statusCode()).isEqualTo(201);
    assertThat(events("radar-http-bad")).as("only the good one is stored").isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() ->
        quarantined("radar-http-bad", "PAYLOAD_INVALID%") == 1);
  }

  @Test
  void givenUnknownKind_whenPosted_thenNotFoundProblemAndQuarantined() throws Exception {
    TestRegistry.elderWithRadar(db, "郑玉兰", "radar-http-kind", "secret");

    HttpResponse<String> response = post("radar-http-kind", "secret",
        eventPath("radar-http-kind", "teleport"), JSON, Payloads.fall("kind-1"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(assertProblem(response, 404).getString("detail")).contains("teleport");
    assertThat(events("radar-http-kind")).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        quarantined("radar-http-kind", "TOPIC_INVALID%") == 1);
  }

  @Test
  void givenNonJsonContentType_whenPosted_thenUnsupportedMediaTypeAndNothingStored() throws Exception {
    TestRegistry.elderWithRadar(db, "冯志强", "radar-http-type", "secret");

    HttpResponse<String> response = post("radar-http-type", "secret",
        eventPath("radar-http-type", "fall"), "text/plain", Payloads.fall("type-1"));

    assertThat(response.statusCode()).isEqualTo(415);
    assertProblem(response, 415);
    assertThat(events("radar-http-type")).isZero();
  }

  @Test
  void givenBodyOverTheMessageLimit_whenPosted_thenContentTooLargeAndNothingStored() throws Exception {
    TestRegistry.elderWithRadar(db, "陈桂芳", "radar-http-big", "secret");
    String oversize = "{\"msgId\":\"big-1\",\"ts\":\"" + hoursAgo(1) + "\",\"zone\":\""
        + "x".repeat(16 * 1024) + "\"}";

    HttpResponse<String> response =
        post("radar-http-big", "secret", eventPath("radar-http-big", "fall"), JSON, oversize);

    assertThat(response.statusCode()).isEqualTo(413);
    assertProblem(response, 413);
    assertThat(events("radar-http-big")).isZero();
  }

  @Test
  void givenBatchWithOneBadItemAmongGoodOnes_whenPosted_thenTheGoodOnesAreStoredAndTheBadOneIsReported()
      throws Exception {
    TestRegistry.elderWithRadar(db, "褚美华", "meter-http-batch", "secret");
    JsonArray batch = new JsonArray()
        .add(heartbeat("day-1", 12, 80))
        .add(heartbeat("day-2", 9, 101))
        .add(new JsonObject().put("kind", "teleport").put("payload", heartbeat("day-3", 6, 80).getJsonObject("payload")))
        .add(heartbeat("day-4", 3, 79))
        .add(heartbeat("day-1", 12, 80));

    HttpResponse<String> response = post("meter-http-batch", "secret",
        "/ingest/v1/devices/meter-http-batch/events", JSON, batch.encode());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray results = new JsonObject(response.body()).getJsonArray("results");
    assertThat(results).hasSize(5);
    assertThat(statuses(results)).containsExactly(201, 400, 404, 201, 200);
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.getJsonObject(i).getInteger("index")).isEqualTo(i);
    }
    assertThat(results.getJsonObject(1).getJsonObject("problem").getString("detail")).contains("battery");
    assertThat(results.getJsonObject(4).getLong("eventId")).isEqualTo(results.getJsonObject(0).getLong("eventId"));
    assertThat(results.getJsonObject(4).getBoolean("duplicate")).isTrue();
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM device_event WHERE device_id = 'meter-http-batch' AND msg_id IN ('day-1', 'day-4')"))
        .isEqualTo(2);
    assertThat(events("meter-http-batch")).as("nothing else is stored").isEqualTo(2);
  }

  @Test
  void givenBatchThatIsNotAnArray_whenPosted_thenBadRequestAndNothingStored() throws Exception {
    TestRegistry.elderWithRadar(db, "卫德胜", "meter-http-notlist", "secret");

    HttpResponse<String> response = post("meter-http-notlist", "secret",
        "/ingest/v1/devices/meter-http-notlist/events", JSON, Payloads.fall("single"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(assertProblem(response, 400).getString("detail")).contains("JSON array");
    assertThat(events("meter-http-notlist")).isZero();
  }

  @Test
  void givenEventPath_whenRequestedWithGet_thenMethodNotAllowed() throws Exception {
    HttpResponse<String> response = stack.get(eventPath("radar-001", "fall"));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertProblem(response, 405);
  }

  @Test
  void givenProcessRunningOnlyTheGateway_whenADevicePostsAFall_thenItsOwnHttpServerStoresIt() throws Exception {
    TestRegistry.elderWithRadar(db, "蒋丽华", "radar-http-gw", "secret");
    Vertx vertx = Vertx.vertx();
    try (Stack gatewayOnly = Stack.start(vertx, db, StackOptions.loopback().only(true, false))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)) {

      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + gatewayOnly.httpPort() + eventPath("radar-http-gw", "fall")))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", basic("radar-http-gw", "secret"))
          .header("Content-Type", JSON)
          .POST(HttpRequest.BodyPublishers.ofString(Payloads.fall("gw-1")))
          .build());

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(events("radar-http-gw")).isEqualTo(1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static String eventPath(String deviceId, String kind) {
    return "/ingest/v1/devices/" + deviceId + "/events/" + kind;
  }

  /** A batch item: a heartbeat from some hours ago, as a meter's daily upload holds. */
  private static JsonObject heartbeat(String msgId, int hoursAgo, int battery) {
    return new JsonObject().put("kind", "heartbeat").put("payload", new JsonObject()
        .put("msgId", msgId).put("ts", hoursAgo(hoursAgo)).put("battery", battery));
  }

  private static String hoursAgo(int hours) {
    return OffsetDateTime.now(ZoneOffset.ofHours(8)).minusHours(hours).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static int[] statuses(JsonArray results) {
    return results.stream().mapToInt(r -> ((JsonObject) r).getInteger("status")).toArray();
  }

  private HttpResponse<String> post(String user, String secret, String path, String contentType, String body)
      throws Exception {
    return send(request(path)
        .header("Authorization", basic(user, secret))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + path))
        .timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    return problem;
  }

  private long events(String deviceId) throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = ?", deviceId);
  }

  private long quarantined(String deviceId, String reasonLike) throws Exception {
    return TestRegistry.count(db,
        "SELECT count(*) FROM rejected_message WHERE device_id = ? AND reason LIKE ?", deviceId, reasonLike);
  }

  private JsonObject openAlertFor(long elderId) throws Exception {
    JsonArray alerts = stack.openAlerts();
    for (int i = 0; i < alerts.size(); i++) {
      JsonObject alert = alerts.getJsonObject(i);
      if (alert.getJsonObject("elder").getLong("id") == elderId) {
        return alert;
      }
    }
    return null;
  }
}
