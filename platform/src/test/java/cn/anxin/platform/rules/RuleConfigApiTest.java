package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The rule configuration API: versions, validation, history with authors and changes, roles and scope. */
class RuleConfigApiTest extends OnRunningStack {

  @Test
  void givenAFreshPlatform_whenVersion1IsRead_thenItHoldsTheHandbookDefaults() {
    Answer answer = stack.admin().get("/api/rules/config?version=1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(stack.admin().get("/api/rules/config?version=99999").status()).isEqualTo(404);
    JsonObject v1 = answer.json();
    assertThat(v1.getValue("createdBy")).isNull();
    JsonObject rules = v1.getJsonObject("document").getJsonObject("rules");
    assertThat(rules.getJsonObject("SOS").getString("severity")).isEqualTo("P1");
    assertThat(rules.getJsonObject("FALL").getInteger("wearableCancelWindowSeconds")).isEqualTo(30);
    assertThat(rules.getJsonObject("SUSPECTED_FALL").getInteger("suspectedEscalateSeconds")).isEqualTo(120);
    assertThat(rules.getJsonObject("LONG_LIE").getInteger("dwellBathroomMinutes")).isEqualTo(5);
    assertThat(rules.getJsonObject("LONG_LIE").getInteger("dwellElsewhereMinutes")).isEqualTo(20);
    JsonObject vitals = rules.getJsonObject("ABNORMAL_VITALS");
    assertThat(vitals.getInteger("hrLow")).isEqualTo(40);
    assertThat(vitals.getInteger("hrHigh")).isEqualTo(130);
    assertThat(vitals.getInteger("rrLow")).isEqualTo(8);
    assertThat(vitals.getInteger("rrHigh")).isEqualTo(30);
    assertThat(vitals.getInteger("vitalsSustainSeconds")).isEqualTo(300);
    assertThat(vitals.getInteger("noBreathSeconds")).isEqualTo(60);
    assertThat(rules.getJsonObject("DEVICE_OFFLINE").getInteger("missedHeartbeats")).isEqualTo(3);
    assertThat(rules.getJsonObject("DEVICE_OFFLINE").getInteger("wearableSilentHours")).isEqualTo(26);
    assertThat(rules.getJsonObject("LOW_BATTERY").getInteger("batteryLowPercent")).isEqualTo(20);
    assertThat(v1.getJsonObject("document").getJsonArray("mutedWhenAway")).containsExactlyInAnyOrder(
        "WATER_12H", "WATER_24H", "ELECTRICITY_INACTIVE", "ROUTINE_DRIFT", "MEAL_NO_SHOW");
  }

  @Test
  void givenAValidDocument_whenAnAdministratorSavesIt_thenItIsTheNewActiveVersionCompletedWithDefaultsAndAudited()
      throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "配置老人", "cfg-radar-1", "s3cret-cfg1");
    TestAccounts.create(db, "cfg-admin", Role.ADMIN);
    ApiClient admin = stack.signIn("cfg-admin");
    int before = admin.get("/api/rules/config").json().getInteger("version");

    Answer saved = admin.put("/api/rules/config", new JsonObject()
        .put("comment", "低电量提前提醒")
        .put("baseVersion", before)
        .put("document", new JsonObject()
            .put("rules", new JsonObject().put("LOW_BATTERY", new JsonObject().put("batteryLowPercent", 25)))
            .put("overrides", new JsonObject().put("elders", new JsonObject()
                .put(String.valueOf(elder), new JsonObject().put("LONG_LIE",
                    new JsonObject().put("dwellElsewhereMinutes", 10)))))));

    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    assertThat(saved.json().getInteger("version")).isEqualTo(before + 1);
    assertThat(saved.json().getBoolean("active")).isTrue();
    JsonObject current = admin.get("/api/rules/config").json();
    assertThat(current.getInteger("version")).isEqualTo(before + 1);
    JsonObject rules = current.getJsonObject("document").getJsonObject("rules");
    assertThat(rules.getJsonObject("LOW_BATTERY").getInteger("batteryLowPercent")).isEqualTo(25);
    assertThat(rules.getJsonObject("FALL").getInteger("wearableCancelWindowSeconds"))
        .as("missing values take the defaults").isEqualTo(30);

    JsonObject listed = admin.get("/api/rules/config/versions?limit=1").json().getJsonArray("items").getJsonObject(0);
    assertThat(listed.getInteger("version")).isEqualTo(before + 1);
    assertThat(listed.getString("comment")).isEqualTo("低电量提前提醒");
    assertThat(listed.getJsonObject("createdBy").getString("username")).isEqualTo("cfg-admin");
    assertThat(listed.getString("createdAt")).isNotBlank();
    JsonArray changes = listed.getJsonArray("changes");
    assertThat(changes.stream().map(c -> ((JsonObject) c).getString("path")))
        .contains("/rules/LOW_BATTERY/batteryLowPercent", "/overrides/elders/" + elder);
    JsonObject battery = changes.stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("path").equals("/rules/LOW_BATTERY/batteryLowPercent")).findFirst().orElseThrow();
    assertThat(battery.getString("op")).isEqualTo("changed");
    assertThat(battery.getInteger("to")).isEqualTo(25);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'RULE_CONFIG'"
        + " AND ? = ANY (elder_ids)", elder)).as("reading elder overrides is audited").isPositive();
  }

  @Test
  void givenADocumentThatMakesNoSense_whenSaved_thenEveryReasonIsListedAndTheVersionInForceStays() {
    ApiClient admin = stack.admin();
    JsonObject before = admin.get("/api/rules/config").json();

    Answer refused = admin.inLanguage("en").put("/api/rules/config", new JsonObject()
        .put("comment", "broken")
        .put("document", new JsonObject()
            .put("rules", new JsonObject()
                .put("NO_SUCH_RULE", new JsonObject().put("enabled", true))
                .put("FALL", new JsonObject().put("wearableCancelWindowSeconds", 0))
                .put("SUSPECTED_FALL", new JsonObject().put("suspectedEscalateSeconds", -5))
                .put("SOS", new JsonObject().put("severity", "P9").put("loudness", 3))
                .put("ABNORMAL_VITALS", new JsonObject().put("hrLow", 140)))
            .put("mutedWhenAway", new JsonArray().add("WATER_12H").add("NOPE"))
            .put("overrides", new JsonObject()
                .put("categories", new JsonObject().put("WIZARD", new JsonObject()))
                .put("abilityLevels", new JsonObject().put("SUPERB", new JsonObject()))
                .put("elders", new JsonObject().put("999999", new JsonObject()
                    .put("ABNORMAL_VITALS", new JsonObject().put("hrHigh", 30)))))));

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.isProblem()).isTrue();
    assertThat(refused.json().getString("code")).isEqualTo("rules.config-invalid");
    String d = "/body/document";
    assertThat(refused.codesOn(d + "/rules/NO_SUCH_RULE")).containsExactly("rules.unknown-rule");
    assertThat(refused.codesOn(d + "/rules/FALL/wearableCancelWindowSeconds")).containsExactly("rules.not-positive");
    assertThat(refused.codesOn(d + "/rules/SUSPECTED_FALL/suspectedEscalateSeconds"))
        .containsExactly("rules.not-positive");
    assertThat(refused.codesOn(d + "/rules/SOS/severity")).containsExactly("rules.bad-severity");
    assertThat(refused.codesOn(d + "/rules/SOS/loudness")).containsExactly("rules.unknown-parameter");
    assertThat(refused.codesOn(d + "/rules/ABNORMAL_VITALS/hrLow")).containsExactly("rules.low-not-below-high");
    assertThat(refused.codesOn(d + "/mutedWhenAway/1")).containsExactly("rules.unknown-rule");
    assertThat(refused.codesOn(d + "/overrides/categories/WIZARD")).containsExactly("rules.unknown-category");
    assertThat(refused.codesOn(d + "/overrides/abilityLevels/SUPERB")).containsExactly("rules.unknown-ability-level");
    assertThat(refused.codesOn(d + "/overrides/elders/999999/ABNORMAL_VITALS/hrHigh"))
        .containsExactly("rules.low-not-below-high");
    assertThat(refused.codesOn(d + "/overrides/elders/999999")).containsExactly("rules.unknown-elder");
    assertThat(refused.errorOn(d + "/rules/ABNORMAL_VITALS/hrLow").getString("message"))
        .isEqualTo("hrLow must be below hrHigh (here 140 and 130).");

    JsonObject after = admin.get("/api/rules/config").json();
    assertThat(after.getInteger("version")).isEqualTo(before.getInteger("version"));
    assertThat(after.getJsonObject("document")).isEqualTo(before.getJsonObject("document"));
  }

  @Test
  void givenAStructurallyWrongBody_whenSaved_thenItIsA400NamingTheField() {
    Answer noComment = stack.admin().put("/api/rules/config",
        new JsonObject().put("document", new JsonObject()));
    Answer notADocument = stack.admin().put("/api/rules/config",
        new JsonObject().put("comment", "x").put("document", new JsonObject().put("extra", 1)));
    Answer fractional = stack.admin().put("/api/rules/config", new JsonObject().put("comment", "x")
        .put("document", new JsonObject().put("rules", new JsonObject()
            .put("FALL", new JsonObject().put("wearableCancelWindowSeconds", 2.5)))));

    assertThat(noComment.status()).isEqualTo(400);
    assertThat(noComment.codesOn("/body/comment")).contains("field.required");
    assertThat(notADocument.status()).isEqualTo(400);
    assertThat(notADocument.json().getJsonArray("errors").encode()).contains("/body/document");
    assertThat(fractional.status()).isEqualTo(400);
    assertThat(fractional.body()).contains("/body/document/rules/FALL/wearableCancelWindowSeconds");
  }

  @Test
  void givenAnEditOfAnOlderVersion_whenSavedAfterAnotherChange_thenItIsRefusedAsStale() {
    ApiClient admin = stack.admin();
    int base = admin.get("/api/rules/config").json().getInteger("version");
    JsonObject change = new JsonObject().put("comment", "first").put("baseVersion", base)
        .put("document", new JsonObject());
    assertThat(admin.put("/api/rules/config", change).status()).isEqualTo(200);

    Answer stale = admin.put("/api/rules/config", change.copy().put("comment", "second"));

    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getString("code")).isEqualTo("rules.config-stale");
  }

  @Test
  void givenEachRole_whenReadingOrWriting_thenOnlyTheContractsRolesAreLetIn() throws Exception {
    long site = TestRegistry.count(db, "INSERT INTO site (code, name, kind) VALUES ('S-CFG-R', '角色中心', 'DAY_CARE')"
        + " RETURNING id");
    TestAccounts.create(db, "cfg-staff", Role.STAFF, site);
    TestAccounts.create(db, "cfg-sup", Role.SUPERVISOR, site);
    TestAccounts.create(db, "cfg-bureau", Role.BUREAU);

    assertThat(stack.signIn("cfg-staff").get("/api/rules/config").status()).isEqualTo(403);
    assertThat(stack.signIn("cfg-sup").get("/api/rules/config").status()).isEqualTo(200);
    assertThat(stack.signIn("cfg-bureau").get("/api/rules/config/versions").status()).isEqualTo(200);
    assertThat(stack.signIn("cfg-bureau").get("/api/rules/catalogue").json().getJsonArray("rules")).isNotEmpty();
    assertThat(stack.signIn("cfg-sup").put("/api/rules/config",
        new JsonObject().put("comment", "x").put("document", new JsonObject())).status()).isEqualTo(403);
    assertThat(stack.anonymous().get("/api/rules/config").status()).isEqualTo(401);
  }

  @Test
  void givenElderOverridesAtTwoSites_whenASupervisorReads_thenOnlyTheirOwnEldersOverridesShow() throws Exception {
    long own = TestRegistry.elderWithRadar(db, "本站老人", "cfg-own", "s3cret-own");
    long other = TestRegistry.elderWithRadar(db, "他站老人", "cfg-other", "s3cret-other");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", own);
    TestAccounts.create(db, "cfg-sup-scope", Role.SUPERVISOR, site);
    JsonObject layer = new JsonObject().put("LOW_BATTERY", new JsonObject().put("batteryLowPercent", 40));
    assertThat(stack.admin().put("/api/rules/config", new JsonObject().put("comment", "两站覆盖")
        .put("document", new JsonObject().put("overrides", new JsonObject().put("elders", new JsonObject()
            .put(String.valueOf(own), layer).put(String.valueOf(other), layer.copy()))))).status()).isEqualTo(200);

    ApiClient supervisor = stack.signIn("cfg-sup-scope");
    JsonObject elders = supervisor.get("/api/rules/config").json()
        .getJsonObject("document").getJsonObject("overrides").getJsonObject("elders");
    JsonArray changes = supervisor.get("/api/rules/config/versions?limit=1").json()
        .getJsonArray("items").getJsonObject(0).getJsonArray("changes");

    assertThat(elders.fieldNames()).containsExactly(String.valueOf(own));
    assertThat(changes.encode()).contains("/overrides/elders/" + own).doesNotContain("/overrides/elders/" + other);
    assertThat(stack.admin().get("/api/rules/config").json().getJsonObject("document")
        .getJsonObject("overrides").getJsonObject("elders").fieldNames())
        .containsExactlyInAnyOrder(String.valueOf(own), String.valueOf(other));
  }
}
