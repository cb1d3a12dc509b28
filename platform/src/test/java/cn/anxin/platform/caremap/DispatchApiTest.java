package cn.anxin.platform.caremap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Staff duty reports ({@code /api/me/duty}) and the nearest responders to an alert
 * ({@code /api/alerts/{id}/responders}) through the HTTP API on a running stack.
 */
class DispatchApiTest extends OnRunningStack {

  // The elder's home in Chuxiong city; responders are placed due north of it.
  private static final double HOME_LON = 101.5461;
  private static final double HOME_LAT = 25.0329;

  private MapFixtures fx;

  @BeforeAll
  void fixtures() {
    fx = new MapFixtures(db);
  }

  @Test
  void givenAStaffMember_whenDutyIsReported_thenItIsStoredStampedAndAnsweredBack() throws Exception {
    long site = fx.site("DUTY-1", "532303009", 101.53, 25.04);
    long account = TestAccounts.create(db, "duty-staff", Role.STAFF, site);
    ApiClient staff = stack.signIn("duty-staff");

    JsonObject never = staff.get("/api/me/duty").json();
    assertThat(never.getBoolean("onDuty")).isFalse();
    assertThat(never.getValue("location")).isNull();
    assertThat(never.getValue("updatedAt")).isNull();

    Instant before = Instant.now();
    ApiClient.Answer on = staff.put("/api/me/duty", new JsonObject().put("onDuty", true)
        .put("location", new JsonObject().put("lon", 101.5461).put("lat", 25.0329)));
    Instant after = Instant.now();
    assertThat(on.status()).isEqualTo(200);
    assertThat(on.json().getBoolean("onDuty")).isTrue();
    assertThat(on.json().getJsonObject("location")).isEqualTo(new JsonObject().put("lon", 101.5461).put("lat", 25.0329));
    assertThat(Instant.parse(on.json().getString("updatedAt"))).isBetween(before.minusSeconds(1), after.plusSeconds(1));
    assertThat(staff.get("/api/me/duty").json()).isEqualTo(on.json());
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM staff_duty WHERE account_id = ? AND on_duty"
        + " AND lon = 101.5461 AND lat = 25.0329", account)).isEqualTo(1);

    JsonObject unknownPosition = staff.put("/api/me/duty", new JsonObject().put("onDuty", true)).json();
    assertThat(unknownPosition.getBoolean("onDuty")).isTrue();
    assertThat(unknownPosition.getValue("location")).as("an earlier position is not carried over").isNull();

    JsonObject off = staff.put("/api/me/duty", new JsonObject().put("onDuty", false)
        .put("location", new JsonObject().put("lon", 101.5).put("lat", 25.0))).json();
    assertThat(off.getBoolean("onDuty")).isFalse();
    assertThat(off.getValue("location")).as("no position is kept off duty").isNull();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM staff_duty WHERE account_id = ?", account)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM staff_duty WHERE account_id = ? AND NOT on_duty"
        + " AND lon IS NULL AND lat IS NULL", account)).isEqualTo(1);
  }

  @Test
  void givenBadDutyReportsOrTheWrongRole_whenReported_thenRefused() throws Exception {
    long site = fx.site("DUTY-2", "532303009", 101.53, 25.04);
    TestAccounts.create(db, "duty-staff-2", Role.STAFF, site);
    ApiClient staff = stack.signIn("duty-staff-2");

    assertThat(staff.put("/api/me/duty", new JsonObject().put("onDuty", "yes")).status()).isEqualTo(400);
    assertThat(staff.put("/api/me/duty", new JsonObject()).status()).isEqualTo(400);
    ApiClient.Answer outOfRange = staff.put("/api/me/duty", new JsonObject().put("onDuty", true)
        .put("location", new JsonObject().put("lon", 101.5).put("lat", 95.0)));
    assertThat(outOfRange.status()).isEqualTo(400);
    assertThat(outOfRange.json().getJsonArray("errors").getJsonObject(0).getString("field")).startsWith("/body/location");
    assertThat(staff.put("/api/me/duty", new JsonObject().put("onDuty", true).put("speed", 3)).status()).isEqualTo(400);

    long elder = fx.elder("DUTY-FAM", "家属老人", site, "532303009", 101.5, 25.0);
    TestAccounts.family(db, "duty-family", elder);
    ApiClient family = stack.signIn("duty-family");
    assertThat(family.get("/api/me/duty").status()).isEqualTo(403);
    assertThat(family.put("/api/me/duty", new JsonObject().put("onDuty", true)).status()).isEqualTo(403);
  }

  @Test
  void givenStaffAroundAnAlert_whenRespondersAreListed_thenFreeOnDutyStaffOfTheSiteNearestFirstStaleLast()
      throws Exception {
    long site = fx.site("DISPATCH-A", "532303001", 101.5300, 25.0400);
    long otherSite = fx.site("DISPATCH-B", "532303002", 101.5500, 25.0300);
    long elder = fx.elder("DISPATCH-E", "钱玉珍", site, "532303001", HOME_LON, HOME_LAT);
    long alert = fx.openAlert(elder, fx.device("dispatch-radar", elder, true), "FALL", "P1");
    Instant now = Instant.now();
    long near = onDuty("resp-near", Role.STAFF, site, 0.0027, now);
    long mid = onDuty("resp-mid", Role.SUPERVISOR, site, 0.0090, now);
    fx.assign(alert, mid); // already sent to this very alert: not busy for it
    long far = onDuty("resp-far", Role.STAFF, site, 0.0270, now.minus(Duration.ofMinutes(29)));
    long stale = onDuty("resp-stale", Role.STAFF, site, 0.0009, now.minus(Duration.ofMinutes(45)));
    long busy = onDuty("resp-busy", Role.STAFF, site, 0.0004, now);
    long otherElder = fx.elder("DISPATCH-E2", "孙秀英", site, "532303001", 101.53, 25.04);
    fx.assign(fx.openAlert(otherElder, fx.device("dispatch-radar-2", otherElder, true), "FALL", "P1"), busy);
    long offDuty = TestAccounts.create(db, "resp-off", Role.STAFF, site);
    fx.duty(offDuty, false, HOME_LON, HOME_LAT + 0.0001, now);
    onDuty("resp-other-site", Role.STAFF, otherSite, 0.0002, now);
    long unlocated = TestAccounts.create(db, "resp-unlocated", Role.STAFF, site);
    fx.duty(unlocated, true, null, null, now);
    TestAccounts.create(db, "dispatcher", Role.STAFF, site);
    ApiClient dispatcher = stack.signIn("dispatcher");

    ApiClient.Answer answer = dispatcher.get("/api/alerts/" + alert + "/responders");

    assertThat(answer.status()).isEqualTo(200);
    JsonObject body = answer.json();
    assertThat(body.getLong("alertId")).isEqualTo(alert);
    assertThat(body.getLong("elderId")).isEqualTo(elder);
    assertThat(body.getJsonObject("origin")).isEqualTo(new JsonObject().put("lon", HOME_LON).put("lat", HOME_LAT));
    assertThat(body.getJsonObject("estimate")).isEqualTo(new JsonObject().put("speedKmh", 20).put("basis", "STRAIGHT_LINE"));
    JsonArray responders = body.getJsonArray("responders");
    assertThat(accountIds(responders)).containsExactly(near, mid, far, stale);
    JsonObject first = responders.getJsonObject(0);
    // 0.0027 degrees of latitude on the mean sphere: 300.2 m; 300.2 m at 20 km/h: 54 s.
    assertThat(first.getLong("distanceMeters")).isEqualTo(300);
    assertThat(first.getLong("estimatedTravelSeconds")).isEqualTo(54);
    assertThat(first.getBoolean("stale")).isFalse();
    assertThat(first.getString("displayName")).isEqualTo("测试 resp-near");
    assertThat(first.getJsonObject("location").getDouble("lat")).isCloseTo(HOME_LAT + 0.0027, within(1e-9));
    assertThat(responders.getJsonObject(1).getString("role")).isEqualTo("SUPERVISOR");
    assertThat(responders.getJsonObject(1).getLong("distanceMeters")).isEqualTo(1001);
    assertThat(responders.getJsonObject(2).getBoolean("stale")).isFalse();
    assertThat(responders.getJsonObject(3).getBoolean("stale")).isTrue();
    JsonObject fallback = body.getJsonObject("site");
    assertThat(fallback.getLong("id")).isEqualTo(site);
    assertThat(fallback.getString("phone")).isEqualTo("0878-3120000");
    long siteMeters = Math.round(Haversine.meters(HOME_LON, HOME_LAT, 101.53, 25.04));
    assertThat(fallback.getLong("distanceMeters")).isEqualTo(siteMeters).isBetween(1700L, 1900L);
    assertThat(fallback.getLong("estimatedTravelSeconds")).isEqualTo(TravelEstimate.seconds(siteMeters));

    JsonArray two = dispatcher.get("/api/alerts/" + alert + "/responders?limit=2").json().getJsonArray("responders");
    assertThat(accountIds(two)).containsExactly(near, mid);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'DISPATCH'"
        + " AND elder_ids = ARRAY[?]::bigint[] AND fields = ARRAY['location'] AND purpose = 'dispatch'", elder))
        .isEqualTo(2);
  }

  @Test
  void givenAStaffMemberGoingOnDutyThroughTheApi_whenRespondersAreListed_thenTheReportedPositionIsUsed()
      throws Exception {
    long site = fx.site("DISPATCH-C", "532303003", 101.53, 25.04);
    long elder = fx.elder("DISPATCH-C1", "周桂兰", site, "532303003", HOME_LON, HOME_LAT);
    long alert = fx.openAlert(elder, fx.device("dispatch-c-radar", elder, true), "FALL", "P1");
    long walker = TestAccounts.create(db, "resp-walker", Role.STAFF, site);
    ApiClient staff = stack.signIn("resp-walker");

    assertThat(accountIds(stack.admin().get("/api/alerts/" + alert + "/responders").json()
        .getJsonArray("responders"))).isEmpty();
    staff.put("/api/me/duty", new JsonObject().put("onDuty", true)
        .put("location", new JsonObject().put("lon", HOME_LON).put("lat", HOME_LAT + 0.009)));

    JsonArray responders = staff.get("/api/alerts/" + alert + "/responders").json().getJsonArray("responders");
    assertThat(accountIds(responders)).containsExactly(walker);
    assertThat(responders.getJsonObject(0).getLong("distanceMeters")).isEqualTo(1001);
  }

  @Test
  void givenAnAlertOutsideTheCallersScopeOrNone_whenRespondersAreAsked_then404AndRolesWithoutDispatch403()
      throws Exception {
    long site = fx.site("DISPATCH-D", "532303004", 101.53, 25.04);
    long otherSite = fx.site("DISPATCH-D2", "532303004", 101.55, 25.05);
    long elder = fx.elder("DISPATCH-D1", "吴秀珍", site, "532303004", HOME_LON, HOME_LAT);
    long alert = fx.openAlert(elder, fx.device("dispatch-d-radar", elder, true), "FALL", "P1");
    TestAccounts.create(db, "resp-outsider", Role.STAFF, otherSite);
    TestAccounts.create(db, "resp-bureau", Role.BUREAU);
    TestAccounts.family(db, "resp-family", elder);

    ApiClient.Answer outside = stack.signIn("resp-outsider").get("/api/alerts/" + alert + "/responders");
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.json().getString("code")).isEqualTo("problem.not-found");
    assertThat(stack.admin().get("/api/alerts/999999/responders").status()).isEqualTo(404);
    assertThat(stack.admin().get("/api/alerts/" + alert + "/responders").status()).isEqualTo(200);
    assertThat(stack.signIn("resp-bureau").get("/api/alerts/" + alert + "/responders").status()).isEqualTo(403);
    assertThat(stack.signIn("resp-family").get("/api/alerts/" + alert + "/responders").status()).isEqualTo(403);
    assertThat(stack.admin().get("/api/alerts/" + alert + "/responders?limit=0").status()).isEqualTo(400);
  }

  @Test
  void givenAnElderWithoutAGeoPoint_whenRespondersAreAsked_then409ElderUnplaced() throws Exception {
    long site = fx.site("DISPATCH-F", "532303005", 101.53, 25.04);
    long elder = fx.elder("DISPATCH-F1", "郑玉英", site, "532303005", null, null);
    long alert = fx.openAlert(elder, fx.device("dispatch-f-radar", elder, true), "FALL", "P1");

    ApiClient.Answer answer = stack.admin().inLanguage("en").get("/api/alerts/" + alert + "/responders");

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.json().getString("code")).isEqualTo("map.elder-unplaced");
    assertThat(answer.json().getString("detail")).contains("no geo point");
    assertThat(stack.admin().get("/api/alerts/" + alert + "/responders").json().getString("detail")).contains("尚未标注");
  }

  /** A staff account of a site, on duty this many degrees of latitude north of the elder's home. */
  private long onDuty(String username, Role role, long site, double northDegrees, Instant at) throws Exception {
    long id = TestAccounts.create(db, username, role, site);
    fx.duty(id, true, HOME_LON, HOME_LAT + northDegrees, at);
    return id;
  }

  private static List<Long> accountIds(JsonArray responders) {
    return responders.stream().map(r -> ((JsonObject) r).getLong("accountId")).toList();
  }
}
