package cn.anxin.platform.rules.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.rules.MeterRoutine;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backtest replays water meter readings through the meter rules: the half hours of the range are
 * built in memory from the replayed readings, so a water rule fires in the replay as it would live,
 * and nothing reaches {@code meter_usage}.
 */
class MeterBacktestTest extends OnRunningStack {

  private static final LocalDate DAY = LocalDate.of(2026, 10, 12);

  @Test
  void givenStoredWaterReadingsThatStopAtNoon_whenBacktested_thenWater12hWouldBeRaisedAndNoHalfHourIsWritten()
      throws Exception {
    long elder;
    Instant noon = DAY.atStartOfDay(RuleEngine.CARE_ZONE).toInstant().plus(Duration.ofHours(12));
    MeterRoutine routine = new MeterRoutine(61);
    List<MeterRoutine.Reading> readings = new ArrayList<>(routine.water(DAY.minusDays(1)));
    readings.addAll(routine.water(DAY).stream()
        .map(r -> r.end().isAfter(noon) ? new MeterRoutine.Reading(r.end(), r.minutes(), 0.0) : r).toList());
    try (Connection c = db.getConnection()) {
      long site = id(c, "INSERT INTO site (code, name, kind) VALUES ('BT-M', '回测水表中心', 'DAY_CARE') RETURNING id");
      elder = id(c, "INSERT INTO elder (code, name, site_id) VALUES ('BT-M-E', '回测老人', " + site + ") RETURNING id");
      try (PreparedStatement s = c.prepareStatement("INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room)"
          + " VALUES ('bt-wm', 'WATER_METER', ?, ?, ?, 'kitchen')")) {
        s.setString(1, new SecretHasher().hash("s3cret-bt"));
        s.setLong(2, elder);
        s.setLong(3, site);
        s.executeUpdate();
      }
      for (MeterRoutine.Reading r : readings) {
        store(c, r);
      }
    }
    long halfHoursBefore = TestRegistry.count(db, "SELECT count(*) FROM meter_usage");

    Answer answer = stack.admin().post("/api/rules/backtests", new JsonObject()
        .put("from", DAY.minusDays(1).atStartOfDay(RuleEngine.CARE_ZONE).toInstant().toString())
        .put("to", DAY.plusDays(1).atStartOfDay(RuleEngine.CARE_ZONE).toInstant().plus(Duration.ofHours(2)).toString())
        .put("candidate", new JsonObject())
        .put("elderIds", new JsonArray().add(elder)));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject water = answer.json().getJsonArray("rules").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("rule").equals("WATER_12H")).findFirst().orElseThrow();
    assertThat(water.getInteger("wouldRaise")).as(answer.body()).isEqualTo(1);
    assertThat(water.getInteger("actuallyRaised")).isZero();
    JsonObject continuous = answer.json().getJsonArray("rules").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("rule").equals("CONTINUOUS_WATER")).findFirst().orElseThrow();
    assertThat(continuous.getInteger("wouldRaise")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM meter_usage")).isEqualTo(halfHoursBefore);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE elder_id = ?", elder)).isZero();
  }

  private static void store(Connection c, MeterRoutine.Reading r) throws Exception {
    String msgId = "bt-wm-" + r.end().getEpochSecond();
    JsonObject payload = new JsonObject().put("msgId", msgId)
        .put("ts", r.end().atOffset(ZoneOffset.ofHours(8)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("intervalMinutes", r.minutes()).put("volumeL", r.amount()).put("registerL", 5000.0);
    try (PreparedStatement s = c.prepareStatement("INSERT INTO device_event (device_id, msg_id, kind, event_time,"
        + " event_offset_minutes, received_at, payload, processed_at, device_time, clock_skew_ms)"
        + " VALUES ('bt-wm', ?, 'WATER_READING', ?, 480, ?, ?::jsonb, ?, ?, -1000)")) {
      s.setString(1, msgId);
      s.setTimestamp(2, Timestamp.from(r.end()));
      s.setTimestamp(3, Timestamp.from(r.end().plusSeconds(1)));
      s.setString(4, payload.encode());
      s.setTimestamp(5, Timestamp.from(r.end().plusSeconds(1)));
      s.setTimestamp(6, Timestamp.from(r.end()));
      s.executeUpdate();
    }
  }

  private static long id(Connection c, String sql) throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }
}
