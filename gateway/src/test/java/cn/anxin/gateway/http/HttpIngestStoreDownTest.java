package cn.anxin.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.gateway.auth.DeviceAuthenticator;
import cn.anxin.gateway.auth.DeviceCredential;
import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.gateway.forward.Appended;
import cn.anxin.gateway.forward.EventJournal;
import cn.anxin.gateway.ingest.IngestPipeline;
import cn.anxin.gateway.observe.GatewayCounters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest on a real Vert.x server, over a journal and a directory that can be switched off. */
class HttpIngestStoreDownTest {

  private static final SecretHasher HASHER = new SecretHasher();
  private static final String HASH = HASHER.hash("secret");

  private final AtomicInteger appends = new AtomicInteger();
  private final AtomicInteger storedBeforeFailing = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicBoolean directoryDown = new AtomicBoolean();
  private final HttpClient client = HttpClient.newHttpClient();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    var workers = vertx.createSharedWorkerExecutor("test-workers", 2);
    DeviceAuthenticator authenticator = new DeviceAuthenticator(deviceId -> {
      if (directoryDown.get()) {
        throw new IllegalStateException("registry down");
      }
      return Optional.of(new DeviceCredential("meter-1", HASH, true, Optional.empty()))
          .filter(c -> c.deviceId().equals(deviceId));
    }, HASHER, workers);
    EventJournal journal = event -> appends.incrementAndGet() <= storedBeforeFailing.get()
        ? Future.succeededFuture(new Appended(appends.get(), false))
        : Future.failedFuture(new IllegalStateException("database down"));
    IngestPipeline ingest = new IngestPipeline(new PayloadDecoder(), journal,
        rejection -> Future.succeededFuture(), Clock.systemUTC(), new GatewayCounters());
    HttpIngest httpIngest =
        new HttpIngest(vertx, authenticator, ingest, HttpIngestOptions.withMessageLimit(16384));
    server = await(HttpIngestServer.listen(vertx, httpIngest, "127.0.0.1", 0));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void givenStoreDown_whenAnEventIsPosted_thenServiceUnavailableWithRetryAfter() throws Exception {
    storedBeforeFailing.set(0);

    HttpResponse<String> response = post("/ingest/v1/devices/meter-1/events/heartbeat", heartbeat("h-1"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(new JsonObject(response.body()).getInteger("status")).isEqualTo(503);
  }

  @Test
  void givenDirectoryDown_whenPosting_thenServiceUnavailableRatherThanUnauthorized() throws Exception {
    directoryDown.set(true);

    HttpResponse<String> response = post("/ingest/v1/devices/meter-1/events/heartbeat", heartbeat("h-2"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(appends).hasValue(0);
  }

  @Test
  void givenStoreFailingAfterTheFirstItem_whenABatchIsPosted_thenTheRestAreNotTriedAndAnswered503() throws Exception {
    storedBeforeFailing.set(1);
    JsonArray batch = new JsonArray();
    for (int i = 1; i <= 4; i++) {
      batch.add(new JsonObject().put("kind", "heartbeat").put("payload", new JsonObject(heartbeat("b-" + i))));
    }

    HttpResponse<String> response = post("/ingest/v1/devices/meter-1/events", batch.encode());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray results = new JsonObject(response.body()).getJsonArray("results");
    assertThat(results.stream().map(r -> ((JsonObject) r).getInteger("status"))).containsExactly(201, 503, 503, 503);
    assertThat(appends).as("after the first failure nothing more is tried").hasValue(2);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString("meter-1:secret".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String heartbeat(String msgId) {
    return "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + OffsetDateTime.now(ZoneOffset.ofHours(8))
        .truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\",\"battery\":80}";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
