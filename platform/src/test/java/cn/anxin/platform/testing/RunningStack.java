package cn.anxin.platform.testing;

import cn.anxin.gateway.mqtt.GatewayOptions;
import cn.anxin.platform.launch.Stack;
import cn.anxin.platform.launch.StackOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The whole stack on loopback and free ports, over a given database, for one test class. */
public final class RunningStack implements AutoCloseable {

  private final Vertx vertx;
  private final Stack stack;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final DataSource dataSource;
  private ApiClient admin;

  private RunningStack(Vertx vertx, Stack stack, DataSource dataSource) {
    this.vertx = vertx;
    this.stack = stack;
    this.dataSource = dataSource;
  }

  public static RunningStack start(DataSource dataSource) throws Exception {
    return start(dataSource, StackOptions.loopback());
  }

  /** The stack with gateway options of the test's own (listeners, limits). */
  public static RunningStack start(DataSource dataSource, GatewayOptions gateway) throws Exception {
    return start(dataSource, StackOptions.loopback().withGateway(gateway.onFreePorts("127.0.0.1")));
  }

  /** The stack with options of the test's own (clock, proxies ...); use loopback-based options. */
  public static RunningStack start(DataSource dataSource, StackOptions options) throws Exception {
    Vertx vertx = Vertx.vertx();
    // Generous: on a loaded machine start-up (schemas, the contract, classes) takes far longer than usual.
    Stack stack = Stack.start(vertx, dataSource, options)
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    return new RunningStack(vertx, stack, dataSource);
  }

  /** The whole stack on a clock of the test's own (e.g. a {@link MutableClock}), for everything it stamps. */
  public static RunningStack start(DataSource dataSource, java.time.Clock clock) throws Exception {
    StackOptions o = StackOptions.loopback();
    return start(dataSource, new StackOptions(o.runGateway(), o.runPlatform(), o.gateway(), o.httpHost(),
        o.httpPort(), o.journalPollMillis(), clock, o.piiKeys(), o.sessionLifetime(), o.trustedProxies()));
  }

  /** The API without signing in. */
  public ApiClient anonymous() {
    return new ApiClient(httpPort(), null, null);
  }

  /** The API signed in as this username with the test password. */
  public ApiClient signIn(String username) {
    return anonymous().signIn(username);
  }

  /** The API signed in as an administrator created for this stack. */
  public synchronized ApiClient admin() {
    if (admin == null) {
      try {
        TestAccounts.create(dataSource, "stack-admin", cn.anxin.platform.access.Role.ADMIN);
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
      admin = signIn("stack-admin");
    }
    return admin;
  }

  public int mqttPort() {
    return stack.mqttPort();
  }

  public int httpPort() {
    return stack.httpPort();
  }

  public String mqttUri() {
    return "tcp://127.0.0.1:" + mqttPort();
  }

  public Stack stack() {
    return stack;
  }

  /** A GET as the stack's administrator (see {@link #admin()}). */
  public HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
        .header("Authorization", "Bearer " + admin().token())
        .timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET /api/alerts}, which must answer 200. */
  public JsonArray openAlerts() throws Exception {
    HttpResponse<String> response = get("/api/alerts");
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /api/alerts answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonArray(response.body());
  }

  /** A device connected over MQTT 3.1.1 with its secret, clean session. */
  public MqttClient connectV3(String deviceId, String secret) throws MqttException {
    MqttClient client = new MqttClient(mqttUri(), deviceId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(deviceId);
    options.setPassword(secret.toCharArray());
    options.setCleanSession(true);
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** The open alert of this elder in {@code GET /api/alerts}, or null. */
  public JsonObject openAlertFor(long elderId) throws Exception {
    JsonArray alerts = openAlerts();
    for (int i = 0; i < alerts.size(); i++) {
      JsonObject alert = alerts.getJsonObject(i);
      if (alert.getJsonObject("elder").getLong("id") == elderId) {
        return alert;
      }
    }
    return null;
  }

  /** Waits up to 10 s for the elder's open alert to be served. */
  public JsonObject awaitOpenAlertFor(long elderId) {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openAlertFor(elderId), a -> a != null);
  }

  @Override
  public void close() throws Exception {
    stack.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
