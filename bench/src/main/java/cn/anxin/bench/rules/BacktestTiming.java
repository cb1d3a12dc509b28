package cn.anxin.bench.rules;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.launch.Stack;
import cn.anxin.platform.launch.StackOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * How long one backtest takes ({@code POST /api/rules/backtests}): the radars of {@code elders}
 * elders send {@link RuleMix}'s traffic (about one message a minute each) for {@code days} days;
 * the journal is filled, the platform started (HTTP API, no gateway) over the product's embedded
 * PostgreSQL, and an administrator backtests the whole range with the default configuration.
 * Prints the wall time of the request and the events replayed per second.
 *
 * <p>Run: {@code java -cp bench/target/anxin-bench.jar cn.anxin.bench.rules.BacktestTiming [elders] [days]
 * [always-low]} (default 11 elders, 31 days: about 490,000 events, just under the backtest's cap;
 * {@code always-low}: the weak batteries of {@link RuleMix} never report 20 % or more)
 */
public final class BacktestTiming {

  private static final String PASSWORD = "bench-password-1";

  private BacktestTiming() {}

  public static void main(String[] args) throws Exception {
    int elders = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 31;
    boolean alwaysLow = args.length > 2 && args[2].equals("always-low");
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Instant from = Instant.parse("2026-10-01T00:00:00Z");
    Instant to = from.plus(Duration.ofDays(days));
    try (RuleBenchDatabase database = RuleBenchDatabase.start(elders)) {
      long stored = fill(database, from, to, alwaysLow);
      try (Connection c = database.dataSource().getConnection()) {
        new Accounts(new SecretHasher()).create(c, "bench-admin", "压测管理员", Role.ADMIN, PASSWORD, List.of());
      }
      Vertx vertx = Vertx.vertx();
      try {
        Stack stack = Stack.start(vertx, database.dataSource(), StackOptions.loopback().only(false, true))
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        try {
          run(stack.httpPort(), from, to, elders, days, stored);
        } finally {
          stack.close();
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Stores the range's traffic in the journal; returns how many events. */
  private static long fill(RuleBenchDatabase database, Instant from, Instant to, boolean alwaysLow)
      throws Exception {
    RuleMix mix = new RuleMix(database.radars(), from, alwaysLow);
    long stored = 0;
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      boolean more = true;
      while (more) {
        long[] ids = database.nextIds(c, 50_000);
        List<MixedEvent> events = new ArrayList<>(ids.length);
        for (long id : ids) {
          MixedEvent next = mix.next(id);
          if (!next.event().eventTime().isBefore(to)) {
            more = false;
            break;
          }
          events.add(next);
        }
        database.store(c, events);
        c.commit();
        stored += events.size();
      }
    }
    try (Connection c = database.dataSource().getConnection(); var s = c.createStatement()) {
      s.execute("ANALYZE device_event");
    }
    return stored;
  }

  private static void run(int port, Instant from, Instant to, int elders, int days, long stored) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "bench-admin")
            .put("password", PASSWORD).encode())).build(), HttpResponse.BodyHandlers.ofString());
    String token = new JsonObject(session.body()).getString("token");
    JsonObject body = new JsonObject().put("from", from.toString()).put("to", to.toString())
        .put("candidate", new JsonObject());
    long started = System.nanoTime();
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/rules/backtests"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .timeout(Duration.ofMinutes(30))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - started) / 1e9;
    if (answer.statusCode() != 200) {
      System.out.println("backtest answered " + answer.statusCode() + ": " + answer.body());
      return;
    }
    JsonObject report = new JsonObject(answer.body());
    long replayed = report.getLong("events");
    long wouldRaise = report.getJsonArray("rules").stream()
        .mapToLong(r -> ((JsonObject) r).getLong("wouldRaise")).sum();
    System.out.printf("backtest of %d elders x %d days: %,d events stored, %,d replayed, %,d timers fired,"
            + " %,d alerts would be raised: %.1f s, %,.0f events/s%n",
        elders, days, stored, replayed, report.getLong("timersFired"), wouldRaise, seconds, replayed / seconds);
  }
}
