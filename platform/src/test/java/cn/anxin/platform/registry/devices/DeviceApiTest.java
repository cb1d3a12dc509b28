package cn.anxin.platform.registry.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/devices} over real HTTP, with the secrets it issues tried over real MQTT. */
class DeviceApiTest extends OnRunningStack {

  private long siteA;
  private long siteB;
  private long elderA1;
  private long elderA2;
  private long elderB;

  @BeforeAll
  void registry() throws Exception {
    siteA = site("DEV-SITE-A");
    siteB = site("DEV-SITE-B");
    elderA1 = elder("DEV-E-A1", "张桂英", siteA);
    elderA2 = elder("DEV-E-A2", "李正华", siteA);
    elderB = elder("DEV-E-B", "王秀兰", siteB);
    TestAccounts.create(db, "dev.staff.a", Role.STAFF, siteA);
    TestAccounts.create(db, "dev.staff.b", Role.STAFF, siteB);
    TestAccounts.create(db, "dev.lead.a", Role.SUPERVISOR, siteA);
    TestAccounts.create(db, "dev.bureau", Role.BUREAU);
    TestAccounts.family(db, "dev.family", elderA1);
  }

  @Test
  void givenARegistration_whenAnswered_thenTheSecretIsShownOnceAndConnectsOverMqtt() throws Exception {
    Answer registered = stack.admin().post("/api/devices", new JsonObject().put("id", "radar-reg-1")
        .put("kind", "FALL_RADAR").put("model", "MR60FDA2").put("elderId", elderA1).put("room", "卫生间"));
    String secret = registered.json().getString("secret");
    Answer read = stack.admin().get("/api/devices/radar-reg-1");
    Answer listed = stack.admin().get("/api/devices?elderId=" + elderA1);

    assertThat(registered.status()).isEqualTo(201);
    assertThat(registered.headers().firstValue("Location")).hasValue("/api/devices/radar-reg-1");
    assertThat(registered.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(secret).hasSize(32);
    assertThat(registered.json().getJsonObject("binding").getJsonObject("elder"))
        .isEqualTo(new JsonObject().put("id", elderA1).put("name", "张桂英"));
    assertThat(registered.json().getJsonObject("binding").getJsonObject("site").getLong("id"))
        .as("an elder without a site places the device at the elder's site").isEqualTo(siteA);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().containsKey("secret")).isFalse();
    assertThat(read.body()).doesNotContain(secret).doesNotContain("argon2").doesNotContain("sha256s");
    assertThat(listed.body()).doesNotContain(secret).doesNotContain("argon2").doesNotContain("sha256s");
    assertThat(storedHash("radar-reg-1")).as("a server-generated secret gets the fast salted hash")
        .startsWith("$sha256s$").doesNotContain(secret);
    try (MqttClient device = stack.connectV3("radar-reg-1", secret)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect();
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_binding WHERE device_id = 'radar-reg-1'"
        + " AND elder_id = ? AND to_at IS NULL AND bound_by IS NOT NULL", elderA1)).isEqualTo(1);
  }

  @Test
  void givenATakenIdOrBadFields_whenRegistering_thenConflictOrFieldErrors() throws Exception {
    ApiClient admin = stack.admin();
    admin.post("/api/devices", new JsonObject().put("id", "meter-dup").put("kind", "WATER_METER"));

    Answer again = admin.inLanguage("en").post("/api/devices", new JsonObject().put("id", "meter-dup")
        .put("kind", "WATER_METER"));
    Answer badId = admin.post("/api/devices", new JsonObject().put("id", "has space").put("kind", "WEARABLE"));
    Answer noElder = admin.inLanguage("en").post("/api/devices", new JsonObject().put("id", "watch-ghost")
        .put("kind", "WEARABLE").put("elderId", 999999));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("code")).isEqualTo("device.id-taken");
    assertThat(again.json().getString("detail")).isEqualTo("Device id meter-dup is already registered.");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.codesOn("/body/id")).contains("field.format");
    assertThat(noElder.status()).isEqualTo(400);
    assertThat(noElder.errorOn("/body/elderId").getString("message"))
        .isEqualTo("There is no elder 999999, or the elder is outside your scope.");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device WHERE id = 'watch-ghost'")).isZero();
  }

  @Test
  void givenARotatedSecret_whenTheDeviceConnects_thenTheOldSecretIsRefusedAndTheNewOneAccepted() throws Exception {
    String first = stack.admin().post("/api/devices", new JsonObject().put("id", "watch-rot")
        .put("kind", "WEARABLE").put("elderId", elderA2)).json().getString("secret");

    Answer rotated = stack.admin().post("/api/devices/watch-rot/secret", new JsonObject());
    String second = rotated.json().getString("secret");

    assertThat(rotated.status()).isEqualTo(200);
    assertThat(second).isNotEqualTo(first).hasSize(32);
    MqttException refused = catchThrowableOfType(MqttException.class, () -> stack.connectV3("watch-rot", first));
    assertThat(refused).isNotNull();
    assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    try (MqttClient device = stack.connectV3("watch-rot", second)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect();
    }
    assertThat(stack.admin().get("/api/devices/watch-rot").body()).doesNotContain(second);
    assertThat(stack.admin().post("/api/devices/no-such-device/secret", new JsonObject()).status()).isEqualTo(404);
  }

  @Test
  void givenADeviceMovedFromOneElderToAnother_whenReadingItsBindings_thenTheHistoryIsNewestFirst() throws Exception {
    ApiClient admin = stack.admin();
    admin.post("/api/devices", new JsonObject().put("id", "radar-move").put("kind", "FALL_RADAR")
        .put("elderId", elderA1).put("room", "卧室"));

    Answer moved = admin.put("/api/devices/radar-move/binding",
        new JsonObject().put("elderId", elderA2).put("room", "卫生间"));
    Answer same = admin.put("/api/devices/radar-move/binding",
        new JsonObject().put("elderId", elderA2).put("room", "卫生间"));
    Answer history = admin.get("/api/devices/radar-move/bindings");

    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.json().getJsonObject("binding").getJsonObject("elder").getString("name")).isEqualTo("李正华");
    assertThat(moved.json().getJsonObject("binding").getString("room")).isEqualTo("卫生间");
    assertThat(same.status()).isEqualTo(200);
    JsonArray items = history.json().getJsonArray("items");
    assertThat(items).hasSize(2);
    JsonObject now = items.getJsonObject(0);
    JsonObject before = items.getJsonObject(1);
    assertThat(now.getJsonObject("elder").getLong("id")).isEqualTo(elderA2);
    assertThat(now.getString("toAt")).isNull();
    assertThat(now.getJsonObject("boundBy").getString("displayName")).isEqualTo("测试 stack-admin");
    assertThat(before.getJsonObject("elder").getLong("id")).isEqualTo(elderA1);
    assertThat(before.getString("room")).isEqualTo("卧室");
    assertThat(before.getString("toAt")).isEqualTo(now.getString("fromAt"));
    assertThat(TestRegistry.count(db, "SELECT elder_id FROM device WHERE id = 'radar-move'")).isEqualTo(elderA2);
  }

  @Test
  void givenStaffOfAnotherSite_whenTheyTouchADevice_thenItIs404LikeANonExistentOneAndAbsentFromLists()
      throws Exception {
    stack.admin().post("/api/devices", new JsonObject().put("id", "radar-scope-a").put("kind", "FALL_RADAR")
        .put("elderId", elderA1));
    ApiClient staffB = stack.signIn("dev.staff.b");
    TestAccounts.create(db, "dev.lead.b", Role.SUPERVISOR, siteB);
    ApiClient leadB = stack.signIn("dev.lead.b");

    Answer get = staffB.get("/api/devices/radar-scope-a");
    Answer missing = staffB.get("/api/devices/no-such-radar");
    Answer bindings = staffB.get("/api/devices/radar-scope-a/bindings");
    Answer bind = leadB.put("/api/devices/radar-scope-a/binding", new JsonObject().put("elderId", elderB));
    Answer bindMissing = leadB.put("/api/devices/no-such-radar/binding", new JsonObject().put("elderId", elderB));
    Answer staffBinds = staffB.put("/api/devices/radar-scope-a/binding", new JsonObject().put("elderId", elderB));
    Answer listB = staffB.get("/api/devices?limit=500");
    Answer listA = stack.signIn("dev.staff.a").get("/api/devices?limit=500");

    assertThat(get.status()).isEqualTo(404);
    assertThat(withoutInstance(get)).isEqualTo(withoutInstance(missing));
    assertThat(bindings.status()).isEqualTo(404);
    assertThat(bind.status()).isEqualTo(404);
    assertThat(withoutInstance(bind)).isEqualTo(withoutInstance(bindMissing));
    assertThat(staffBinds.status()).as("staff may not rebind at all").isEqualTo(403);
    assertThat(ids(listB)).doesNotContain("radar-scope-a");
    assertThat(ids(listA)).contains("radar-scope-a");
    assertThat(TestRegistry.count(db, "SELECT elder_id FROM device WHERE id = 'radar-scope-a'")).isEqualTo(elderA1);
  }

  @Test
  void givenASupervisor_whenBindingWithinAndBeyondTheirSites_thenOnlyTheirOwnElderAndSiteAreAccepted() {
    stack.admin().post("/api/devices", new JsonObject().put("id", "watch-lead").put("kind", "WEARABLE")
        .put("elderId", elderA1));
    ApiClient lead = stack.signIn("dev.lead.a");

    Answer otherElder = lead.put("/api/devices/watch-lead/binding", new JsonObject().put("elderId", elderB));
    Answer otherSite = lead.put("/api/devices/watch-lead/binding",
        new JsonObject().put("elderId", elderA2).put("siteId", siteB));
    Answer nowhere = lead.put("/api/devices/watch-lead/binding", new JsonObject());
    Answer own = lead.put("/api/devices/watch-lead/binding", new JsonObject().put("elderId", elderA2));

    assertThat(otherElder.status()).isEqualTo(400);
    assertThat(otherElder.errorOn("/body/elderId").getString("code")).isEqualTo("device.elder-unknown");
    assertThat(otherSite.errorOn("/body/siteId").getString("code")).isEqualTo("device.site-unknown");
    assertThat(nowhere.errorOn("/body/siteId").getString("code")).isEqualTo("device.placement-required");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getJsonObject("binding").getJsonObject("elder").getLong("id")).isEqualTo(elderA2);
  }

  @Test
  void givenOtherRoles_whenTheyUseAdministratorOperations_then403() {
    ApiClient family = stack.signIn("dev.family");
    ApiClient bureau = stack.signIn("dev.bureau");

    Answer familyList = family.get("/api/devices");
    Answer bureauRegisters = bureau.post("/api/devices", new JsonObject().put("id", "x-bureau").put("kind", "WEARABLE"));
    Answer bureauList = bureau.get("/api/devices?limit=500");

    assertThat(familyList.status()).isEqualTo(403);
    assertThat(familyList.json().getString("code")).isEqualTo("problem.forbidden");
    assertThat(bureauRegisters.status()).isEqualTo(403);
    assertThat(bureauList.status()).isEqualTo(200);
  }

  @Test
  void givenADisabledDevice_whenItConnects_thenItIsRefusedUntilEnabledAgain() throws Exception {
    String secret = stack.admin().post("/api/devices", new JsonObject().put("id", "meter-off")
        .put("kind", "ELECTRICITY_METER").put("siteId", siteA)).json().getString("secret");

    Answer disabled = stack.admin().patch("/api/devices/meter-off",
        new JsonObject().put("enabled", false).put("model", "DDZY-71"));
    MqttException refused = catchThrowableOfType(MqttException.class, () -> stack.connectV3("meter-off", secret));
    Answer enabled = stack.admin().patch("/api/devices/meter-off", new JsonObject().put("enabled", true));

    assertThat(disabled.json().getBoolean("enabled")).isFalse();
    assertThat(disabled.json().getString("model")).isEqualTo("DDZY-71");
    assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    assertThat(enabled.json().getBoolean("enabled")).isTrue();
    try (MqttClient device = stack.connectV3("meter-off", secret)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect();
    }
    Answer firmware = stack.admin().patch("/api/devices/meter-off", new JsonObject().put("firmware", "9.9"));
    assertThat(firmware.status()).as("firmware is reported by the device, not set").isEqualTo(400);
  }

  @Test
  void givenDevicesOfSeveralKinds_whenFiltering_thenOnlyMatchesAreListedAndEveryReadNamingAnElderIsAudited()
      throws Exception {
    ApiClient admin = stack.admin();
    admin.post("/api/devices", new JsonObject().put("id", "flt-water").put("kind", "WATER_METER").put("siteId", siteB));
    admin.post("/api/devices", new JsonObject().put("id", "flt-watch").put("kind", "WEARABLE").put("elderId", elderB));
    admin.patch("/api/devices/flt-water", new JsonObject().put("enabled", false));
    ApiClient bureau = stack.signIn("dev.bureau");
    long audits = TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE role = 'BUREAU'");

    Answer water = bureau.get("/api/devices?siteId=" + siteB + "&kind=WATER_METER");
    Answer watches = bureau.get("/api/devices?siteId=" + siteB + "&enabled=true&online=false");
    Answer badKind = bureau.get("/api/devices?kind=TOASTER");

    assertThat(ids(water)).containsExactly("flt-water");
    assertThat(ids(watches)).containsExactly("flt-watch");
    assertThat(watches.json().getLong("total")).isEqualTo(1);
    assertThat(badKind.status()).isEqualTo(400);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE role = 'BUREAU'"
        + " AND action = 'DEVICE_LIST' AND ? = ANY (elder_ids) AND fields = '{name}'", elderB))
        .isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE role = 'BUREAU'"))
        .as("the list of water meters names no elder").isEqualTo(audits + 1);
  }

  private long site(String code) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO site (code, name, kind) VALUES (?, ?, 'DAY_CARE') RETURNING id")) {
      s.setString(1, code);
      s.setString(2, "日间照料中心 " + code);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private long elder(String code, String name, long site) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO elder (code, name, site_id) VALUES (?, ?, ?) RETURNING id")) {
      s.setString(1, code);
      s.setString(2, name);
      s.setLong(3, site);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private String storedHash(String deviceId) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT secret_hash FROM device WHERE id = ?")) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }



  private static JsonObject withoutInstance(Answer a) {
    return a.json().copy().put("instance", "");
  }

  private static List<String> ids(Answer a) {
    return a.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
