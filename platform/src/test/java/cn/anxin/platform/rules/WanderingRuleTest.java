package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * Catalogue rule 20: a wearable's location fix outside every safe zone drawn for the elder (its
 * accuracy circle included) raises WANDERING: P2 by day, P1 at night or with dementia.
 */
class WanderingRuleTest extends OnClockedStack {

  private static final String RULE = "WANDERING";
  /** A home in Lucheng, Chuxiong; 0.001 degrees of latitude is about 111 m. */
  private static final double LON = 101.5460;
  private static final double LAT = 25.0450;

  @Test
  void givenACircleOf300m_whenAFixIs600mAwayByDay_thenP2_andRepeatsAddToOneAlert() throws Exception {
    long elder = watched("wd-1");
    at(LocalTime.of(10, 0));

    publish("wd-1", "location", fix("w1-a", LAT + 0.0054, 20));
    clock.advance(Duration.ofMinutes(5));
    publish("wd-1", "location", fix("w1-b", LAT + 0.0060, 20));

    assertThat(alerts(elder, RULE)).isEqualTo(1);
    assertThat(severity(elder, RULE)).isEqualTo("P2");
    assertThat(eventCount(elder, RULE)).isEqualTo(2);
  }

  @Test
  void givenACircleOf300m_whenFixesAreInsideOrTheirAccuracyOverlapsTheZone_thenNoAlert() throws Exception {
    long elder = watched("wd-2");
    at(LocalTime.of(11, 0));

    publish("wd-2", "location", fix("w2-in", LAT + 0.0018, 15));
    clock.advance(Duration.ofMinutes(5));
    // 600 m from home, but a cell fix good only to 400 m: it may be inside the zone.
    publish("wd-2", "location", fix("w2-vague", LAT + 0.0054, 400));

    assertThat(alerts(elder, RULE)).isZero();
  }

  @Test
  void givenAFixOutsideAtNight_whenTheElderHasNoDementia_thenP1() throws Exception {
    long elder = watched("wd-3");
    at(LocalTime.of(23, 15));

    publish("wd-3", "location", fix("w3-out", LAT + 0.0090, 30));

    assertThat(alerts(elder, RULE)).isEqualTo(1);
    assertThat(severity(elder, RULE)).isEqualTo("P1");
  }

  @Test
  void givenAnElderWithDementia_whenAFixIsOutsideByDay_thenP1() throws Exception {
    long elder = watched("wd-4");
    RuleFixtures.categories(db, elder, "DEMENTIA");
    at(LocalTime.of(15, 0));

    publish("wd-4", "location", fix("w4-out", LAT + 0.0090, 30));

    assertThat(severity(elder, RULE)).isEqualTo("P1");
  }

  @Test
  void givenAnElderOutside_whenAFixInsideFollows_thenTheReturnIsRecordedAndNoNewAlert() throws Exception {
    long elder = watched("wd-5");
    at(LocalTime.of(9, 0));

    publish("wd-5", "location", fix("w5-out", LAT + 0.0090, 30));
    clock.advance(Duration.ofMinutes(10));
    publish("wd-5", "location", fix("w5-back", LAT + 0.0005, 30));

    assertThat(alerts(elder, RULE)).isEqualTo(1);
    assertThat(eventCount(elder, RULE)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM rule_timer WHERE device_id = 'wd-5' AND rule = ?"
        + " AND purpose LIKE 'returned:%' AND fired_at IS NOT NULL", RULE)).isEqualTo(1);
  }

  @Test
  void givenAPolygonZone_whenFixesFallInsideAndOutsideIt_thenOnlyTheOutsideOneRaises() throws Exception {
    long elder = RuleFixtures.elderWith(db, "wd-6", "WEARABLE", null);
    JsonArray ring = new JsonArray()
        .add(new JsonArray().add(LON - 0.002).add(LAT - 0.002))
        .add(new JsonArray().add(LON + 0.002).add(LAT - 0.002))
        .add(new JsonArray().add(LON + 0.002).add(LAT + 0.002))
        .add(new JsonArray().add(LON - 0.002).add(LAT + 0.002))
        .add(new JsonArray().add(LON - 0.002).add(LAT - 0.002));
    ApiClient.Answer saved = staff(elder).put("/api/elders/" + elder + "/safe-zones", new JsonObject().put("zones",
        new JsonArray().add(new JsonObject().put("name", "小区").put("shape", "POLYGON").put("polygon",
            new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(ring))))));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    at(LocalTime.of(16, 0));

    publish("wd-6", "location", fix("w6-in", LAT + 0.0015, 20));
    assertThat(alerts(elder, RULE)).isZero();

    clock.advance(Duration.ofMinutes(5));
    publish("wd-6", "location", fix("w6-out", LAT + 0.0030, 20));
    assertThat(alerts(elder, RULE)).isEqualTo(1);
  }

  @Test
  void givenAnElderWithoutSafeZones_whenFixesAreFarAway_thenNotWatched() throws Exception {
    long elder = RuleFixtures.elderWith(db, "wd-7", "WEARABLE", null);

    publish("wd-7", "location", fix("w7-far", LAT + 0.5, 20));

    assertThat(alerts(elder, RULE)).isZero();
  }

  /** An elder with a wearable and a 300 m circle around a point drawn on the map (through the API). */
  private long watched(String device) throws Exception {
    long elder = RuleFixtures.elderWith(db, device, "WEARABLE", null);
    ApiClient.Answer saved = staff(elder).put("/api/elders/" + elder + "/safe-zones", new JsonObject().put("zones",
        new JsonArray().add(new JsonObject().put("name", "家附近").put("shape", "CIRCLE").put("anchor", "POINT")
            .put("center", new JsonObject().put("lon", LON).put("lat", LAT)).put("radiusM", 300))));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    return elder;
  }

  private ApiClient staff(long elder) throws Exception {
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    String username = "wd.staff." + elder;
    TestAccounts.create(db, username, Role.STAFF, site);
    return stack.signIn(username);
  }

  private JsonObject fix(String msgId, double lat, double accuracyM) {
    return event(msgId, clock.instant()).put("lat", lat).put("lon", LON).put("accuracyM", accuracyM).put("fix", "gps");
  }

  private void at(LocalTime time) {
    ZonedDateTime now = clock.instant().atZone(RuleEngine.CARE_ZONE);
    ZonedDateTime next = now.with(time);
    if (!next.isAfter(now)) {
      next = next.plusDays(1);
    }
    clock.set(next.toInstant());
  }
}
