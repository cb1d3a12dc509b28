package cn.anxin.platform.readings;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code GET /api/elders/{elderId}/readings}: buckets from the journal, scope, limits and the access audit. */
class ElderReadingsApiTest extends OnRunningStack {

  private static final AtomicInteger SEQ = new AtomicInteger();
  /** 08:00 Beijing time on 28 November 2026. */
  private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");

  private void event(String deviceId, String kind, Instant at, String payload) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO device_event"
        + " (device_id, msg_id, kind, event_time, event_offset_minutes, received_at, payload, processed_at)"
        + " VALUES (?, ?, ?, ?, 480, ?, ?::jsonb, now())")) {
      s.setString(1, deviceId);
      s.setString(2, "r-" + SEQ.incrementAndGet());
      s.setString(3, kind);
      s.setTimestamp(4, Timestamp.from(at));
      s.setTimestamp(5, Timestamp.from(at));
      s.setString(6, payload);
      s.executeUpdate();
    }
  }

  private static String range(String kind, Instant from, Instant to) {
    return "?kind=" + kind + "&from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
        + "&to=" + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void givenVitalsOverAnHour_whenTheFamilyAsks_thenEachHalfHourHasItsAverageLowestAndHighestAndTheReadIsAudited()
      throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "陈桂英", "radar-read-1", "s");
    TestAccounts.family(db, "read.family.1", elder);
    event("radar-read-1", "VITALS", DAY.plusSeconds(60), "{\"heartRate\":60,\"breathingRate\":12}");
    event("radar-read-1", "VITALS", DAY.plusSeconds(600), "{\"heartRate\":70,\"breathingRate\":14}");
    event("radar-read-1", "VITALS", DAY.plusSeconds(2400), "{\"heartRate\":90}");
    event("radar-read-1", "VITALS", DAY.plusSeconds(7200), "{\"heartRate\":99}");
    event("radar-read-1", "PRESENCE", DAY.plusSeconds(60), "{\"present\":true}");

    Answer answer = stack.signIn("read.family.1").get("/api/elders/" + elder + "/readings"
        + range("vitals", DAY, DAY.plusSeconds(3600)));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject body = answer.json();
    assertThat(body.getInteger("bucketSeconds")).isEqualTo(300);
    JsonArray points = body.getJsonArray("points");
    assertThat(points).hasSize(3);
    assertThat(points.getJsonObject(0).getString("at")).isEqualTo("2026-11-28T00:00:00Z");
    assertThat(points.getJsonObject(0).getJsonObject("heartRate").getDouble("avg")).isEqualTo(60.0);
    assertThat(points.getJsonObject(2).getString("at")).isEqualTo("2026-11-28T00:40:00Z");
    assertThat(points.getJsonObject(2).getValue("breathingRate")).isNull();

    Answer halfHours = stack.signIn("read.family.1").get("/api/elders/" + elder + "/readings"
        + range("vitals", DAY, DAY.plusSeconds(12 * 3600)));
    JsonArray buckets = halfHours.json().getJsonArray("points");
    assertThat(halfHours.json().getInteger("bucketSeconds")).isEqualTo(1800);
    assertThat(buckets).hasSize(3);
    JsonObject first = buckets.getJsonObject(0);
    assertThat(first.getInteger("count")).isEqualTo(2);
    assertThat(first.getJsonObject("heartRate")).isEqualTo(new JsonObject().put("avg", 65.0).put("min", 60.0)
        .put("max", 70.0));
    assertThat(first.getJsonObject("breathingRate").getDouble("avg")).isEqualTo(13.0);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'ELDER_READ'"
        + " AND fields = ARRAY['readings.vitals'] AND elder_ids = ARRAY[?]::bigint[] AND role = 'FAMILY'", elder))
        .isEqualTo(2);
  }

  @Test
  void givenMeterAndPresenceReadings_whenAskedPerKind_thenAmountsAreSummedAndPresenceIsAShare() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "刘凤兰", "radar-read-2", "s");
    event("radar-read-2", "WATER_READING", DAY.plusSeconds(600), "{\"intervalMinutes\":30,\"volumeL\":6.2,\"registerL\":10}");
    event("radar-read-2", "WATER_READING", DAY.plusSeconds(2400), "{\"intervalMinutes\":30,\"volumeL\":3.9,\"registerL\":14}");
    event("radar-read-2", "ELECTRICITY_READING", DAY.plusSeconds(600), "{\"intervalMinutes\":15,\"energyWh\":41.5,\"registerWh\":9}");
    event("radar-read-2", "PRESENCE", DAY.plusSeconds(60), "{\"present\":true}");
    event("radar-read-2", "PRESENCE", DAY.plusSeconds(120), "{\"present\":false}");
    event("radar-read-2", "PRESENCE", DAY.plusSeconds(180), "{\"present\":true}");
    event("radar-read-2", "PRESENCE", DAY.plusSeconds(240), "{\"present\":true,\"targets\":2}");
    String path = "/api/elders/" + elder + "/readings";
    Instant to = DAY.plusSeconds(7 * 24 * 3600);

    JsonArray water = stack.admin().get(path + range("water", DAY, to)).json().getJsonArray("points");
    JsonArray power = stack.admin().get(path + range("electricity", DAY, to)).json().getJsonArray("points");
    JsonArray presence = stack.admin().get(path + range("presence", DAY, to)).json().getJsonArray("points");

    assertThat(water).hasSize(1);
    assertThat(water.getJsonObject(0).getDouble("volumeL")).isEqualTo(10.1);
    assertThat(water.getJsonObject(0).getString("at")).isEqualTo("2026-11-27T22:00:00Z");
    assertThat(power.getJsonObject(0).getDouble("energyWh")).isEqualTo(41.5);
    assertThat(presence.getJsonObject(0).getDouble("presentShare")).isEqualTo(0.75);
    assertThat(presence.getJsonObject(0).getInteger("count")).isEqualTo(4);
  }

  @Test
  void givenARadarThatMovedBetweenElders_whenEachElderIsAsked_thenEachSeesOnlyTheReadingsOfItsOwnTime()
      throws Exception {
    long before = TestRegistry.elderWithRadar(db, "黄秀珍", "radar-read-3", "s");
    long after = TestRegistry.elderWithRadar(db, "林建国", "radar-read-3b", "s");
    TestRegistry.count(db, "INSERT INTO device_binding (device_id, elder_id, from_at, to_at) VALUES"
        + " ('radar-read-3', ?, ?, ?), ('radar-read-3', ?, ?, NULL) RETURNING id", before,
        Timestamp.from(DAY.minusSeconds(86_400)), Timestamp.from(DAY.plusSeconds(3600)), after,
        Timestamp.from(DAY.plusSeconds(3600)));
    event("radar-read-3", "VITALS", DAY.plusSeconds(600), "{\"heartRate\":61}");
    event("radar-read-3", "VITALS", DAY.plusSeconds(4000), "{\"heartRate\":88}");
    String q = range("vitals", DAY, DAY.plusSeconds(6 * 3600));

    JsonArray first = stack.admin().get("/api/elders/" + before + "/readings" + q).json().getJsonArray("points");
    JsonArray second = stack.admin().get("/api/elders/" + after + "/readings" + q).json().getJsonArray("points");

    assertThat(first).hasSize(1);
    assertThat(first.getJsonObject(0).getJsonObject("heartRate").getDouble("max")).isEqualTo(61.0);
    assertThat(second).hasSize(1);
    assertThat(second.getJsonObject(0).getJsonObject("heartRate").getDouble("max")).isEqualTo(88.0);
  }

  @Test
  void givenAnotherCentresElder_whenStaffOrAnotherFamilyAsks_thenItIsNotFoundAndNothingIsAudited() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "宋玉兰", "radar-read-4", "s");
    long other = TestRegistry.elderWithRadar(db, "唐志强", "radar-read-5", "s");
    long otherSite = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", other);
    TestAccounts.create(db, "read.staff.other", Role.STAFF, otherSite);
    TestAccounts.family(db, "read.family.other", other);
    event("radar-read-4", "VITALS", Instant.now().minusSeconds(600), "{\"heartRate\":77}");
    long audited = TestRegistry.count(db, "SELECT count(*) FROM access_audit");

    Answer staff = stack.signIn("read.staff.other").get("/api/elders/" + elder + "/readings");
    Answer family = stack.signIn("read.family.other").get("/api/elders/" + elder + "/readings?kind=water");
    Answer missing = stack.signIn("read.staff.other").get("/api/elders/99999999/readings");

    assertThat(staff.status()).isEqualTo(404);
    assertThat(family.status()).isEqualTo(404);
    assertThat(staff.body()).doesNotContain("77", "宋玉兰");
    assertThat(staff.json().getString("code")).isEqualTo(missing.json().getString("code"));
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit")).isEqualTo(audited);
    Answer own = stack.admin().get("/api/elders/" + elder + "/readings");
    assertThat(own.json().getJsonArray("points")).hasSize(1);
    assertThat(own.json().getInteger("bucketSeconds")).isEqualTo(1800);
  }

  @Test
  void givenARangeTooLongOrBackwards_whenAsked_thenTheProblemNamesTheParameter() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "谢桂芳", "radar-read-6", "s");
    String path = "/api/elders/" + elder + "/readings";

    Answer tooLong = stack.admin().get(path + range("vitals", DAY, DAY.plusSeconds(32L * 86_400)));
    Answer backwards = stack.admin().inLanguage("en").get(path + range("water", DAY, DAY.minusSeconds(60)));
    Answer badKind = stack.admin().get(path + "?kind=gas");
    Answer badTime = stack.admin().get(path + "?from=yesterday");

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.errorOn("/query/to").getString("code")).isEqualTo("readings.range-too-long");
    assertThat(tooLong.errorOn("/query/to").getString("message")).contains("31");
    assertThat(backwards.errorOn("/query/to").getString("message")).isEqualTo("The end must be after the start");
    assertThat(badKind.status()).isEqualTo(400);
    assertThat(badTime.errorOn("/query/from").getString("code")).isEqualTo("field.format");
  }
}
