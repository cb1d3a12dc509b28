package cn.anxin.platform.meals;

import static org.awaitility.Awaitility.await;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.launch.StackOptions;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.testing.MutableClock;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole stack over a fresh database on a clock the test moves (starting Monday 2 November 2026,
 * 11:30 in Asia/Shanghai), with meal stations, readers, elders and credentials written straight into
 * the database; swipes go over real MQTT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnMealStack {

  public static final String SECRET = "s3cret-meals";
  private static final SecretHasher HASHER = new SecretHasher();
  private static final AtomicInteger SEQ = new AtomicInteger();

  protected HikariDataSource db;
  protected RunningStack stack;
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:30:00Z"), ZoneOffset.UTC);
  protected final CredentialKeys keys = new CredentialKeys(new IdCardVault(StackOptions.loopback().piiKeys()));

  @BeforeAll
  final void startMealStack() throws Exception {
    db = TestDatabases.fresh();
    stack = RunningStack.start(db, clock);
  }

  @AfterAll
  final void stopMealStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** An administrator signed in now (sessions end on the test clock as days pass). */
  protected cn.anxin.platform.testing.ApiClient admin() {
    stack.admin();
    return stack.signIn("stack-admin");
  }

  /** A meal station (site of kind MEAL_STATION) with one reader bound to it; returns the site id. */
  protected long station(String code, String readerId) throws SQLException {
    long site = id("INSERT INTO site (code, name, kind) VALUES ('" + code + "', '幸福食堂" + code + "', 'MEAL_STATION')"
        + " RETURNING id");
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO device (id, kind, secret_hash, site_id) VALUES (?, 'MEAL_READER', ?, ?)")) {
      s.setString(1, readerId);
      s.setString(2, HASHER.hash(SECRET));
      s.setLong(3, site);
      s.executeUpdate();
    }
    return site;
  }

  /** An elder of a day-care centre (its responsible site), in some categories; returns the elder id. */
  protected long elder(long siteId, String name, String... categories) throws SQLException {
    String code = "E-M" + SEQ.incrementAndGet();
    return id("INSERT INTO elder (code, name, site_id, birth_date, categories) VALUES ('" + code + "', '" + name
        + "', " + siteId + ", '1940-05-01', ARRAY[" + (categories.length == 0 ? "" : "'"
        + String.join("','", categories) + "'") + "]::text[]) RETURNING id");
  }

  protected long dayCare(String code) throws SQLException {
    return id("INSERT INTO site (code, name, kind) VALUES ('" + code + "', '日间照料中心" + code + "', 'DAY_CARE')"
        + " RETURNING id");
  }

  /** A live credential of the elder. */
  protected long credential(long elderId, String type, String number) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO meal_credential (elder_id, type, id_hash, last4, issued_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, elderId);
      s.setString(2, type);
      s.setBytes(3, keys.hash(type, number));
      s.setString(4, CredentialKeys.last4(number));
      s.setTimestamp(5, java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(30))));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** A policy in force from 2026-01-01: per meal amounts, a daily cap, subsidised meals a day. */
  protected long policy(String tier, int lunchFen, int dinnerFen, int dailyCapFen, int mealsPerDay)
      throws SQLException {
    return id("INSERT INTO meal_policy (name, tier, breakfast_fen, lunch_fen, dinner_fen, daily_cap_fen, meals_per_day,"
        + " effective_from, created_at) VALUES ('" + tier + " 补贴', '" + tier + "', 0, " + lunchFen + ", " + dinnerFen
        + ", " + dailyCapFen + ", " + mealsPerDay + ", '2026-01-01', now()) RETURNING id");
  }

  /** A swipe payload at the clock's now (plus an offset), in China Standard Time. */
  protected JsonObject swipe(String type, String number, String meal, int price, int subsidy) {
    return swipeAt(clock.instant(), type, number, meal, price, subsidy);
  }

  protected JsonObject swipeAt(Instant at, String type, String number, String meal, int price, int subsidy) {
    return new JsonObject().put("msgId", "sw-" + SEQ.incrementAndGet())
        .put("ts", at.atOffset(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("credential", new JsonObject().put("type", type).put("id", number))
        .put("mealType", meal).put("priceFen", price).put("subsidyFen", subsidy)
        .put("paidFen", price - subsidy).put("terminal", "T01");
  }

  /** Publishes swipes of one reader over MQTT 3.1.1 at QoS 1, then waits until they are processed. */
  protected void publish(String readerId, JsonObject... payloads) throws Exception {
    long before = stored(readerId);
    try (MqttClient device = stack.connectV3(readerId, SECRET)) {
      for (JsonObject payload : payloads) {
        device.publish("anxin/v1/devices/" + readerId + "/events/swipe",
            Payloads.qos1(payload.encode().getBytes(StandardCharsets.UTF_8)));
      }
      device.disconnect();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> stored(readerId) >= before + payloads.length
        && TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = ? AND processed_at IS NULL",
            readerId) == 0);
  }

  /** Moves the clock and fires what is due, waiting until nothing due is left pending. */
  protected void advance(Duration by) throws Exception {
    Instant now = clock.advance(by);
    stack.stack().ruleTimers().fireDue();
    await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM rule_timer WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ?",
        java.sql.Timestamp.from(now)) == 0);
  }

  protected LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), RuleEngine.CARE_ZONE);
  }

  protected long count(String sql, Object... args) throws SQLException {
    return TestRegistry.count(db, sql, args);
  }

  protected String text(String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  protected void sql(String sql) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.execute();
    }
  }

  protected long id(String sql) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  private long stored(String deviceId) throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = ? AND kind <> 'CONNECTIVITY'",
        deviceId);
  }
}
