package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The gateway's metrics on {@code GET /metrics}, the health probes, and JSON logs. */
class ObservabilityTest extends OnRunningStack {

  private static final String ELDER_NAME = "周淑芬";
  private static final String SECRET = "s3cret-observe";




  @Test
  void givenFallDuplicateMalformedAndRefusedConnect_whenScraping_thenMetricsCountEachByKindReasonAndLatency()
      throws Exception {
    TestRegistry.elderWithRadar(db, ELDER_NAME, "radar-obs", SECRET);
    ListAppender<ILoggingEvent> logs = captureLogs();
    String whileConnected;
    try (MqttClient device = stack.connectV3("radar-obs", SECRET)) {
      device.publish(Payloads.fallTopic("radar-obs"), Payloads.qos1(Payloads.fallBytes("obs-1")));
      device.publish(Payloads.fallTopic("radar-obs"), Payloads.qos1(Payloads.fallBytes("obs-1")));
      device.publish(Payloads.fallTopic("radar-obs"), Payloads.qos1("{\"msgId\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
      whileConnected = scrape();
      device.disconnect();
    }
    MqttException refused = catchThrowableOfType(MqttException.class,
        () -> stack.connectV3("radar-obs", "wrong-secret").close());
    String metrics = scrape();

    assertThat(refused).as("a wrong secret is refused").isNotNull();
    assertThat(whileConnected).contains("\nanxin_gateway_connections 1.0\n");
    assertThat(metrics)
        .contains("anxin_gateway_messages_total{kind=\"FALL\",outcome=\"stored\"} 1.0")
        .contains("anxin_gateway_messages_total{kind=\"FALL\",outcome=\"duplicate\"} 1.0")
        .contains("anxin_gateway_rejections_total{reason=\"PAYLOAD_INVALID\"} 1.0")
        .contains("anxin_gateway_connect_refusals_total{reason=\"BAD_SECRET\"} 1.0")
        .contains("anxin_gateway_connect_accepted_total 1.0")
        .contains("anxin_gateway_puback_latency_seconds_bucket{le=\"0.005\"}")
        .contains("anxin_gateway_puback_latency_seconds_bucket{le=\"+Inf\"}")
        .contains("# TYPE anxin_gateway_connections gauge")
        .contains("jvm_memory_used_bytes")
        .contains("jvm_threads_live_threads");
    assertThat(sample(metrics, "anxin_gateway_puback_latency_seconds_count"))
        .as("the stored, duplicate and malformed publishes were each acknowledged").isGreaterThanOrEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(scrape()).contains("\nanxin_gateway_connections 0.0\n"));
    assertThat(stack.stack().gateway().counters().snapshot())
        .containsEntry("eventsStored", 1L)
        .containsEntry("duplicates", 1L)
        .containsEntry("refusedMessages", 1L)
        .containsEntry("connectionsRefused", 1L);
    assertThat(gatewayLines(logs))
        .as("gateway logs name the device, never the elder or the secret")
        .isNotEmpty()
        .anySatisfy(line -> assertThat(line).contains("radar-obs"))
        .allSatisfy(line -> assertThat(line).doesNotContain(ELDER_NAME, SECRET, "wrong-secret"));
  }

  @Test
  void givenRunningStack_whenProbingLiveness_thenUp() throws Exception {
    HttpResponse<String> live = stack.get("/health/live");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");
  }

  @Test
  void givenRunningStack_whenProbingReadiness_thenDatabaseAndMqttAreUpAndHealthIsTheSame() throws Exception {
    HttpResponse<String> ready = stack.get("/health/ready");
    HttpResponse<String> health = stack.get("/health");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()))
        .isEqualTo(new JsonObject().put("status", "UP").put("database", "UP").put("mqtt", "UP"));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(health.body()).getString("database")).isEqualTo("UP");
  }

  /**
   * The database stops taking connections: every session of the stack's database is terminated and
   * new ones are refused ({@code ALLOW_CONNECTIONS false}), as when PostgreSQL goes away.
   */
  @Test
  void givenDatabaseRefusingConnections_whenProbingReadiness_then503NamesTheDatabase() throws Exception {
    try (HikariDataSource lost = TestDatabases.fresh(); RunningStack doomed = RunningStack.start(lost)) {
      assertThat(doomed.get("/health/ready").statusCode()).isEqualTo(200);

      String name;
      try (Connection c = lost.getConnection()) {
        name = c.getCatalog();
      }
      try (Connection admin = DriverManager.getConnection(
              lost.getJdbcUrl().replace("/" + name, "/postgres"), lost.getUsername(), lost.getPassword());
          Statement s = admin.createStatement()) {
        s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
      }

      HttpResponse<String> ready = await().atMost(Duration.ofSeconds(20))
          .until(() -> doomed.get("/health/ready"), r -> r.statusCode() == 503);
      JsonObject body = new JsonObject(ready.body());
      assertThat(body.getString("status")).isEqualTo("DOWN");
      assertThat(body.getString("database")).isEqualTo("DOWN");
      assertThat(body.getString("mqtt")).isEqualTo("UP");
      assertThat(body.getJsonArray("failed").getList()).containsExactly("database");
      assertThat(doomed.get("/health/live").statusCode()).as("alive all the same").isEqualTo(200);
    }
  }

  @Test
  void givenJsonLogFormat_whenLoggingWithTheShippedConfiguration_thenEachLineIsOneJsonObject() throws Exception {
    List<String> lines = logWithShippedConfiguration("json");

    assertThat(lines).as("one line per event, a stack trace included").hasSize(2);
    JsonObject line = new JsonObject(lines.get(0));
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("loggerName")).isEqualTo("cn.anxin.gateway.mqtt.ConnectHandler");
    assertThat(line.getString("formattedMessage"))
        .isEqualTo("refused CONNECT of client 'radar-json' from 127.0.0.1:50000: BAD_SECRET");
    assertThat(line.getLong("timestamp")).isPositive();
    assertThat(line.containsKey("arguments")).as("the message is not repeated").isFalse();
    JsonObject failure = new JsonObject(lines.get(1));
    assertThat(failure.getString("level")).isEqualTo("ERROR");
    assertThat(failure.getJsonObject("throwable").getString("className"))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void givenTextLogFormat_whenLoggingWithTheShippedConfiguration_thenLinesArePlainText() throws Exception {
    List<String> lines = logWithShippedConfiguration("text");

    assertThat(lines.get(0))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  .*ConnectHandler - refused CONNECT of client 'radar-json'.*");
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("java.lang.IllegalStateException"));
    assertThat(lines).noneSatisfy(line -> assertThat(line).startsWith("{"));
  }

  /** Configures a private logback context from the shipped logback.xml; logs a warning and an error. */
  private static List<String> logWithShippedConfiguration(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("ANXIN_LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      configurator.doConfigure(ObservabilityTest.class.getResource("/logback.xml"));
      Logger logger = context.getLogger("cn.anxin.gateway.mqtt.ConnectHandler");
      logger.warn("refused CONNECT of client '{}' from {}: {}", "radar-json", "127.0.0.1:50000", "BAD_SECRET");
      logger.error("could not check credentials", new IllegalStateException("registry down"));
      context.stop();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = stack.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/plain; version=0.0.4"));
    return response.body();
  }

  private static double sample(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
    assertThat(m.find()).as("%s in the scrape", name).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }

  private static List<String> gatewayLines(ListAppender<ILoggingEvent> appender) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLoggerName().startsWith("cn.anxin.gateway"))
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }


}
