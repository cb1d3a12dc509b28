package cn.anxin.platform.caremap;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/map} through the HTTP API on a running stack: GeoJSON shape, map status precedence,
 * filters, scope per role and the access audit. Each test works in an area code of its own.
 */
class CareMapApiTest extends OnRunningStack {

  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

  private MapFixtures fx;

  @BeforeAll
  void fixtures() {
    fx = new MapFixtures(db);
  }

  @Test
  void givenPlacedAndUnplacedElders_whenAdminReadsTheMap_thenGeoJsonPointsInLonLatOrderAndTheUnplacedCounted()
      throws Exception {
    long site = fx.site("MAP-SHAPE", "532301001", 101.5300, 25.0400);
    long placed = fx.elder("E-SHAPE-1", "张桂英", site, "532301001", 101.5461, 25.0329);
    fx.elder("E-SHAPE-2", "李正华", site, "532301001", null, null);

    ApiClient.Answer answer = stack.admin().get("/api/map?area=532301001");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/geo+json");
    JsonObject map = answer.json();
    assertThat(map.getString("type")).isEqualTo("FeatureCollection");
    assertThat(map.getJsonArray("layers")).containsExactly("elders", "sites", "staff");
    assertThat(map.getInteger("unplaced")).isEqualTo(1);
    assertThat(map.getInteger("unplacedSites")).isZero();
    JsonObject elder = feature(map, "elder-" + placed);
    assertThat(elder.getString("type")).isEqualTo("Feature");
    assertThat(elder.getJsonObject("geometry").getString("type")).isEqualTo("Point");
    assertThat(elder.getJsonObject("geometry").getJsonArray("coordinates")).containsExactly(101.5461, 25.0329);
    JsonObject properties = elder.getJsonObject("properties");
    assertThat(properties.fieldNames()).containsExactlyInAnyOrder("layer", "id", "name", "siteId", "riskTier",
        "livingArrangement", "mapStatus", "openAlerts", "devices");
    assertThat(properties.getString("name")).isEqualTo("张桂英");
    assertThat(properties.getLong("siteId")).isEqualTo(site);
    assertThat(properties.getString("riskTier")).isEqualTo("HIGH");
    assertThat(properties.getString("livingArrangement")).isEqualTo("ALONE");
    assertThat(properties.getString("mapStatus")).isEqualTo("FINE");
    assertThat(properties.getJsonObject("devices")).isEqualTo(new JsonObject().put("total", 0).put("offline", 0));
    JsonObject siteFeature = feature(map, "site-" + site);
    assertThat(siteFeature.getJsonObject("geometry").getJsonArray("coordinates")).containsExactly(101.53, 25.04);
    assertThat(siteFeature.getJsonObject("properties").getLong("elders")).isEqualTo(2);
    assertThat(siteFeature.getJsonObject("properties").getBoolean("active")).isTrue();
    assertThat(answer.body()).doesNotContain("13988880000").doesNotContain("idCard").doesNotContain("phone");
  }

  @Test
  void givenAlertsDevicesAndStatusPeriods_whenMapRead_thenTheWorstStatusWinsInTheDocumentedOrder() throws Exception {
    long site = fx.site("MAP-PREC", "532301002", 101.54, 25.03);
    long p1 = elderAt(site, "532301002", "PREC-1");
    fx.openAlert(p1, fx.device("prec-1-radar", p1, false), "FALL", "P1");
    fx.openAlert(p1, "prec-1-radar", "ROUTINE_DRIFT", "P3");
    fx.status(p1, "AWAY", TODAY.minusDays(3), null);
    long p2 = elderAt(site, "532301002", "PREC-2");
    fx.openAlert(p2, fx.device("prec-2-radar", p2, true), "ROUTINE_DRIFT", "P3");
    fx.openAlert(p2, "prec-2-radar", "NIGHT_BED_EXIT", "P2");
    long p4 = elderAt(site, "532301002", "PREC-4");
    fx.openAlert(p4, fx.device("prec-4-radar", p4, true), "VISIT_OVERDUE", "P4");
    long offline = elderAt(site, "532301002", "PREC-OFF");
    fx.device("prec-off-radar", offline, false);
    fx.device("prec-off-meter", offline, true);
    fx.status(offline, "AWAY", TODAY.minusDays(1), TODAY.plusDays(5));
    long away = elderAt(site, "532301002", "PREC-AWAY");
    fx.device("prec-away-radar", away, true);
    fx.status(away, "AWAY", TODAY, TODAY);
    long hospital = elderAt(site, "532301002", "PREC-HOSP");
    fx.status(hospital, "AWAY", TODAY.minusDays(10), null);
    fx.status(hospital, "HOSPITAL", TODAY.minusDays(2), null);
    long fine = elderAt(site, "532301002", "PREC-FINE");
    fx.status(fine, "AWAY", TODAY.minusDays(9), TODAY.minusDays(1));
    fx.device("prec-fine-disabled", fine, false);
    fx.update("UPDATE device SET enabled = false WHERE id = 'prec-fine-disabled'");
    long resolved = elderAt(site, "532301002", "PREC-RES");
    long closed = fx.openAlert(resolved, fx.device("prec-res-radar", resolved, true), "FALL", "P1");
    fx.update("UPDATE alert SET status = 'RESOLVED' WHERE id = ?", closed);

    Map<Long, JsonObject> elders = elderProperties(stack.admin().get("/api/map?area=532301002&layers=elders").json());

    assertThat(elders.get(p1).getString("mapStatus")).isEqualTo("ALERT_P1");
    assertThat(elders.get(p1).getInteger("openAlerts")).isEqualTo(2);
    assertThat(elders.get(p1).getJsonObject("devices")).isEqualTo(new JsonObject().put("total", 1).put("offline", 1));
    assertThat(elders.get(p2).getString("mapStatus")).isEqualTo("ALERT_P2");
    assertThat(elders.get(p4).getString("mapStatus")).isEqualTo("ALERT_P4");
    assertThat(elders.get(offline).getString("mapStatus")).isEqualTo("DEVICE_OFFLINE");
    assertThat(elders.get(offline).getJsonObject("devices")).isEqualTo(new JsonObject().put("total", 2).put("offline", 1));
    assertThat(elders.get(away).getString("mapStatus")).isEqualTo("AWAY");
    assertThat(elders.get(hospital).getString("mapStatus")).isEqualTo("HOSPITAL");
    assertThat(elders.get(fine).getString("mapStatus")).isEqualTo("FINE");
    assertThat(elders.get(fine).getJsonObject("devices").getInteger("total")).isZero();
    assertThat(elders.get(resolved).getString("mapStatus")).isEqualTo("FINE");
    assertThat(elders.get(resolved).getInteger("openAlerts")).isZero();
  }

  @Test
  void givenErasedAndDeceasedElders_whenMapRead_thenNeitherAppearsNorCountsAtTheirSite() throws Exception {
    long site = fx.site("MAP-GONE", "532301003", 101.54, 25.03);
    long alive = elderAt(site, "532301003", "GONE-ALIVE");
    long erased = elderAt(site, "532301003", "GONE-ERASED");
    fx.update("UPDATE elder SET erased_at = now() WHERE id = ?", erased);
    long deceased = elderAt(site, "532301003", "GONE-DEAD");
    fx.status(deceased, "DECEASED", TODAY.minusDays(1), null);
    long unplacedDeceased = fx.elder("GONE-DEAD-2", "无坐标", site, "532301003", null, null);
    fx.status(unplacedDeceased, "DECEASED", TODAY.minusDays(30), null);

    JsonObject map = stack.admin().get("/api/map?area=532301003").json();

    assertThat(elderProperties(map).keySet()).containsExactly(alive);
    assertThat(map.getInteger("unplaced")).isZero();
    assertThat(feature(map, "site-" + site).getJsonObject("properties").getLong("elders")).isEqualTo(1);
  }

  @Test
  void givenAreaStatusBboxAndSiteFilters_whenMapRead_thenOnlyMatchingFeaturesAreServed() throws Exception {
    long site = fx.site("MAP-FILTER", "532301004", 101.50, 25.00);
    long other = fx.site("MAP-FILTER-2", "532301004", 101.70, 25.20);
    long alarmed = fx.elder("FLT-1", "一号", site, "532301004001", 101.51, 25.01);
    fx.openAlert(alarmed, fx.device("flt-1-radar", alarmed, true), "FALL", "P1");
    long far = fx.elder("FLT-2", "二号", site, "532301004002", 101.60, 25.10);
    long offline = fx.elder("FLT-3", "三号", site, "532301004001", 101.52, 25.02);
    fx.device("flt-3-radar", offline, false);
    fx.elder("FLT-4", "四号", site, "532301004002", null, null);
    long elsewhere = fx.elder("FLT-5", "五号", other, "532301004002", 101.71, 25.21);
    ApiClient admin = stack.admin();

    assertThat(elderProperties(admin.get("/api/map?area=532301004001").json()).keySet())
        .containsExactlyInAnyOrder(alarmed, offline);
    JsonObject byStatus = admin.get("/api/map?area=532301004&status=ALERT_P1,DEVICE_OFFLINE").json();
    assertThat(elderProperties(byStatus).keySet()).containsExactlyInAnyOrder(alarmed, offline);
    assertThat(byStatus.getInteger("unplaced")).isZero();
    JsonObject fine = admin.get("/api/map?area=532301004&status=FINE").json();
    assertThat(elderProperties(fine).keySet()).containsExactlyInAnyOrder(far, elsewhere);
    assertThat(fine.getInteger("unplaced")).isEqualTo(1);
    JsonObject boxed = admin.get("/api/map?area=532301004&bbox=101.505,25.005,101.53,25.03").json();
    assertThat(elderProperties(boxed).keySet()).containsExactlyInAnyOrder(alarmed, offline);
    assertThat(layer(boxed, "sites")).isEmpty();
    assertThat(boxed.getInteger("unplaced")).isEqualTo(1);
    JsonObject bySite = admin.get("/api/map?siteId=" + other).json();
    assertThat(elderProperties(bySite).keySet()).containsExactly(elsewhere);
    assertThat(layer(bySite, "sites")).extracting(f -> f.getJsonObject("properties").getLong("id")).containsExactly(other);
  }

  @Test
  void givenNonsenseFilters_whenMapRead_thenFieldLevel400s() {
    ApiClient admin = stack.admin().inLanguage("en");

    ApiClient.Answer upsideDown = admin.get("/api/map?bbox=101.0,26.0,102.0,25.0");
    assertThat(upsideDown.status()).isEqualTo(400);
    assertThat(upsideDown.isProblem()).isTrue();
    JsonObject error = upsideDown.json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("/query/bbox");
    assertThat(error.getString("code")).isEqualTo("map.bbox-invalid");
    assertThat(error.getString("message")).contains("minLat");
    assertThat(admin.get("/api/map?bbox=101.0,25.0,102.0").status()).isEqualTo(400);
    assertThat(admin.get("/api/map?bbox=101.0,95.0,102.0,96.0").status()).isEqualTo(400);
    assertThat(admin.get("/api/map?status=ON_FIRE").status()).isEqualTo(400);
    assertThat(admin.get("/api/map?layers=roads").status()).isEqualTo(400);
    assertThat(admin.get("/api/map?area=53a").status()).isEqualTo(400);
  }

  @Test
  void givenTwoSites_whenEachRoleReadsTheMap_thenStaffSeeTheirSiteFamilyTheirElderAndTheBureauAll() throws Exception {
    long siteA = fx.site("MAP-SCOPE-A", "532302001", 101.54, 25.03);
    long siteB = fx.site("MAP-SCOPE-B", "532302002", 101.56, 25.05);
    long elderA = elderAt(siteA, "532302001", "SCOPE-A1");
    long elderA2 = elderAt(siteA, "532302001", "SCOPE-A2");
    long elderB = elderAt(siteB, "532302002", "SCOPE-B1");
    long staffA = TestAccounts.create(db, "map-staff-a", Role.STAFF, siteA);
    long staffB = TestAccounts.create(db, "map-staff-b", Role.SUPERVISOR, siteB);
    fx.duty(staffA, true, 101.545, 25.035, Instant.now());
    fx.duty(staffB, true, 101.565, 25.055, Instant.now());
    long offDuty = TestAccounts.create(db, "map-staff-off", Role.STAFF, siteA);
    fx.duty(offDuty, false, null, null, Instant.now());
    long busyAlert = fx.openAlert(elderB, fx.device("scope-b1-radar", elderB, true), "FALL", "P1");
    fx.assign(busyAlert, staffB);
    TestAccounts.family(db, "map-family-a", elderA);
    TestAccounts.create(db, "map-bureau", Role.BUREAU);

    ApiClient staff = stack.signIn("map-staff-a");
    JsonObject ownMap = staff.get("/api/map").json();
    assertThat(elderProperties(ownMap).keySet()).containsExactlyInAnyOrder(elderA, elderA2);
    assertThat(ids(layer(ownMap, "sites"), "id")).containsExactly(siteA);
    assertThat(ids(layer(ownMap, "staff"), "accountId")).containsExactly(staffA);
    assertThat(layer(staff.get("/api/map?siteId=" + siteB).json(), "elders")).isEmpty();

    ApiClient family = stack.signIn("map-family-a");
    JsonObject familyMap = family.get("/api/map").json();
    assertThat(familyMap.getJsonArray("layers")).containsExactly("elders", "sites");
    assertThat(elderProperties(familyMap).keySet()).containsExactly(elderA);
    assertThat(ids(layer(familyMap, "sites"), "id")).containsExactly(siteA);
    assertThat(layer(familyMap, "staff")).isEmpty();
    ApiClient.Answer staffLayer = family.get("/api/map?layers=staff");
    assertThat(staffLayer.status()).isEqualTo(403);
    assertThat(staffLayer.json().getString("code")).isEqualTo("map.layer-forbidden");

    JsonObject bureauMap = stack.signIn("map-bureau").get("/api/map?area=532302").json();
    assertThat(elderProperties(bureauMap).keySet()).containsExactlyInAnyOrder(elderA, elderA2, elderB);
    assertThat(ids(layer(bureauMap, "sites"), "id")).containsExactlyInAnyOrder(siteA, siteB);
    Map<Long, JsonObject> staffSeen = layer(bureauMap, "staff").stream()
        .collect(Collectors.toMap(f -> f.getJsonObject("properties").getLong("accountId"), f -> f.getJsonObject("properties")));
    assertThat(staffSeen.keySet()).containsExactlyInAnyOrder(staffA, staffB);
    assertThat(staffSeen.get(staffB).getBoolean("busy")).isTrue();
    assertThat(staffSeen.get(staffB).getString("role")).isEqualTo("SUPERVISOR");
    assertThat(staffSeen.get(staffA).getBoolean("busy")).isFalse();
    assertThat(staffSeen.get(staffA).getBoolean("onDuty")).isTrue();
    assertThat(staffSeen.get(staffA).getBoolean("stale")).isFalse();
    assertThat(staffSeen.get(staffA).getString("updatedAt")).isNotBlank();
    assertThat(feature(bureauMap, "staff-" + staffA).getJsonObject("geometry").getJsonArray("coordinates"))
        .containsExactly(101.545, 25.035);
  }

  @Test
  void givenAMapReadWithElders_whenServed_thenExactlyOneAuditRowNamesEveryElderReturned() throws Exception {
    long site = fx.site("MAP-AUDIT", "532301006", 101.54, 25.03);
    long one = elderAt(site, "532301006", "AUDIT-1");
    long two = elderAt(site, "532301006", "AUDIT-2");
    fx.elder("AUDIT-3", "无坐标", site, "532301006", null, null);
    long reader = TestAccounts.create(db, "map-audit-staff", Role.STAFF, site);
    ApiClient staff = stack.signIn("map-audit-staff");

    assertThat(staff.get("/api/map").status()).isEqualTo(200);

    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE account_id = ?", reader)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE account_id = ? AND action = 'MAP'"
        + " AND role = 'STAFF' AND elder_ids = ARRAY[?, ?]::bigint[] AND fields = ARRAY['name', 'location', 'status']"
        + " AND purpose = 'care-map' AND client_ip IS NOT NULL", reader, one, two)).isEqualTo(1);

    assertThat(staff.get("/api/map?layers=sites,staff").status()).isEqualTo(200);
    assertThat(staff.get("/api/map?status=ALERT_P1").status()).isEqualTo(200);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE account_id = ?", reader))
        .as("reads without elder features write no audit row").isEqualTo(1);

    HttpResponse<String> stated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/map?layers=elders"))
        .header("Authorization", "Bearer " + staff.token())
        .header("X-Anxin-Purpose", "visit-preparation").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stated.statusCode()).isEqualTo(200);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE account_id = ? AND action = 'MAP'"
        + " AND purpose = 'visit-preparation'", reader)).isEqualTo(1);
  }

  @Test
  void givenAFallOverMqtt_whenMapRead_thenTheElderShowsAsAlertP1() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "赵凤英", "radar-map", "s3cret-map");
    fx.update("UPDATE elder SET lon = 101.55, lat = 25.04, area_code = '532301007' WHERE id = ?", elder);

    try (MqttClient device = stack.connectV3("radar-map", "s3cret-map")) {
      device.publish(Payloads.fallTopic("radar-map"), Payloads.qos1(Payloads.fallBytes("map-fall-1")));
      device.disconnect();
    }
    stack.awaitOpenAlertFor(elder);

    JsonObject properties = elderProperties(stack.admin().get("/api/map?area=532301007").json()).get(elder);
    assertThat(properties.getString("mapStatus")).isEqualTo("ALERT_P1");
    assertThat(properties.getInteger("openAlerts")).isEqualTo(1);
  }

  @Test
  void givenNoSession_whenMapRead_then401() {
    assertThat(stack.anonymous().get("/api/map").status()).isEqualTo(401);
  }

  private long elderAt(long site, String area, String code) throws Exception {
    return fx.elder(code, "老人 " + code, site, area, 101.54, 25.03);
  }

  private static JsonObject feature(JsonObject map, String id) {
    return features(map).stream().filter(f -> id.equals(f.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no feature " + id + " in " + map.encode()));
  }

  private static List<JsonObject> layer(JsonObject map, String layer) {
    return features(map).stream()
        .filter(f -> layer.equals(f.getJsonObject("properties").getString("layer"))).toList();
  }

  private static Map<Long, JsonObject> elderProperties(JsonObject map) {
    Map<Long, JsonObject> byId = new HashMap<>();
    layer(map, "elders").forEach(f -> byId.put(f.getJsonObject("properties").getLong("id"), f.getJsonObject("properties")));
    return byId;
  }

  private static Set<Long> ids(List<JsonObject> features, String key) {
    return features.stream().map(f -> f.getJsonObject("properties").getLong(key)).collect(Collectors.toSet());
  }

  private static List<JsonObject> features(JsonObject map) {
    JsonArray all = map.getJsonArray("features");
    return all.stream().map(JsonObject.class::cast).toList();
  }
}
