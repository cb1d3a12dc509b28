package cn.anxin.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/elders/{id}/export} over real HTTP: what it holds, what it never holds, who may. */
class ElderExportTest extends OnRunningStack {

  private final IdCardVault vault = new IdCardVault(PiiKeys.ephemeral());
  private final String idCard = TestElders.idCard(7);
  private final Instant now = Instant.now();

  private long site;
  private long elder;
  private long other;
  private long fall;
  private long recentPresence;
  private long oldPresence;
  private long heartbeat;
  private long othersEvent;
  private long alert;

  @BeforeAll
  void elderWithHistory() throws Exception {
    site = TestElders.site(db, "S-DC-EXPORT", "DAY_CARE", "鹿城镇日间照料中心");
    elder = TestElders.elder(db, vault, site, "E-EXPORT-1", "张桂英", idCard);
    other = TestElders.elder(db, vault, site, "E-EXPORT-2", "李正华", TestElders.idCard(8));
    TestElders.device(db, "radar-export", "FALL_RADAR", elder, site);
    TestElders.device(db, "radar-other", "FALL_RADAR", other, site);
    fall = TestElders.event(db, "radar-export", "FALL", "{\"confidence\": 0.93}", now.minus(Duration.ofDays(120)));
    recentPresence = TestElders.event(db, "radar-export", "PRESENCE", "{\"present\": true}", now.minus(Duration.ofDays(2)));
    oldPresence = TestElders.event(db, "radar-export", "PRESENCE", "{\"present\": false}", now.minus(Duration.ofDays(100)));
    heartbeat = TestElders.event(db, "radar-export", "HEARTBEAT", "{\"battery\": 90}", now.minus(Duration.ofDays(1)));
    othersEvent = TestElders.event(db, "radar-other", "PRESENCE", "{\"present\": true}", now.minus(Duration.ofDays(1)));
    alert = TestElders.alert(db, elder, "radar-export", fall, "FALL", "RESOLVED", now.minus(Duration.ofDays(120)));
    TestElders.execute(db, "INSERT INTO alert_transition (alert_id, to_status, at)"
        + " VALUES (?, 'OPEN', date_trunc('second', now()))", alert);
    TestElders.execute(db, "INSERT INTO ability_assessment (elder_id, score, assessed_on, assessor, next_due)"
        + " VALUES (?, 52, '2026-03-01', '赵医生', '2027-03-01')", elder);
    TestElders.execute(db, "INSERT INTO elder_status (elder_id, status, from_date, to_date, note)"
        + " VALUES (?, 'HOSPITAL', '2026-05-02', '2026-05-20', '州医院骨科')", elder);
    long contact = TestElders.contact(db, elder, "张明", true, 1, null);
    TestElders.consent(db, elder, contact, "NOTIFY_FAMILY", true, now.minus(Duration.ofDays(30)));
    TestAccounts.create(db, "export.staff", Role.STAFF, site);
    TestAccounts.create(db, "export.bureau", Role.BUREAU);
  }

  @Test
  void givenAnElderWithHistory_whenAnAdminExports_thenTheDocumentHoldsTheClearIdCardAndAllTheRecords()
      throws Exception {
    Answer answer = stack.admin().get("/api/elders/" + elder + "/export");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"elder-" + elder + "-export.json\"");
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject doc = answer.json();
    assertThat(doc.getLong("elderId")).isEqualTo(elder);
    JsonObject profile = doc.getJsonObject("elder");
    assertThat(profile.getString("idCard")).isEqualTo(idCard);
    assertThat(profile.getString("name")).isEqualTo("张桂英");
    assertThat(profile.getString("phone")).isEqualTo("13912345678");
    assertThat(profile.getString("birthDate")).isEqualTo("1941-03-12");
    assertThat(profile.getJsonArray("categories").getList()).containsExactly("AGED_80");
    assertThat(profile.getString("siteName")).isEqualTo("鹿城镇日间照料中心");
    assertThat(doc.getJsonArray("assessments").getJsonObject(0).getString("level")).isEqualTo("MODERATE");
    assertThat(doc.getJsonArray("statusPeriods").getJsonObject(0).getString("note")).isEqualTo("州医院骨科");
    assertThat(doc.getJsonArray("contacts").getJsonObject(0).getString("name")).isEqualTo("张明");
    assertThat(doc.getJsonArray("consentRecords").getJsonObject(0).getString("purpose")).isEqualTo("NOTIFY_FAMILY");
    assertThat(doc.getJsonArray("deviceBindings").getJsonObject(0).getString("deviceId")).isEqualTo("radar-export");
    JsonObject exportedAlert = doc.getJsonArray("alerts").getJsonObject(0);
    assertThat(exportedAlert.getLong("id")).isEqualTo(alert);
    assertThat(exportedAlert.getJsonArray("eventIds").getList()).containsExactly((int) fall);
    assertThat(doc.getJsonArray("alertTransitions").stream().map(t -> ((JsonObject) t).getLong("alertId")))
        .as("the alert's recorded transitions").contains(alert);
    assertThat(ids(doc.getJsonObject("deviceEvents").getJsonArray("items")))
        .as("the alert's event (older than 90 days) and the recent presence; not the heartbeat, the presence"
            + " older than 90 days or another elder's event")
        .containsExactlyInAnyOrder(fall, recentPresence)
        .doesNotContain(oldPresence, heartbeat, othersEvent);
    assertThat(doc.getJsonObject("deviceEvents").getBoolean("truncated")).isFalse();
  }

  @Test
  void givenAnExport_whenItIsRead_thenNeitherTheHashNorTheCiphertextNorAnotherElderLeaks() throws Exception {
    String body = stack.admin().get("/api/elders/" + elder + "/export").body();
    byte[] hash = vault.hash(idCard);

    assertThat(body).doesNotContain("idCardHash", "idCardCipher", "idCardKey", "idCardLast4", "secretHash");
    assertThat(body).doesNotContain(Base64.getEncoder().encodeToString(hash), HexFormat.of().formatHex(hash));
    assertThat(body).doesNotContain("李正华", TestElders.idCard(8));
  }

  @Test
  void givenAnExport_whenItIsServed_thenAnExportRowIsAudited() throws Exception {
    long before = TestRegistry.count(db,
        "SELECT count(*) FROM access_audit WHERE action = 'EXPORT' AND elder_ids = ARRAY[?]::bigint[]", elder);

    stack.admin().send("GET", "/api/elders/" + elder + "/export", null, null);

    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'EXPORT'"
        + " AND elder_ids = ARRAY[?]::bigint[] AND fields = '{all}' AND role = 'ADMIN'", elder))
        .isEqualTo(before + 1);
    JsonArray audit = stack.admin().get("/api/audit?action=EXPORT&elderId=" + elder).array();
    assertThat(audit).isNotEmpty();
    assertThat(audit.getJsonObject(0).getString("purpose")).isEqualTo(PrivacyRoutes.EXPORT_PURPOSE);
  }

  @Test
  void givenHourlyReadingsOfTheElder_whenExported_thenTheyAreInTheDocument() throws Exception {
    TestElders.execute(db, "INSERT INTO reading_rollup_hourly (bucket, device_id, metric, elder_id, samples,"
        + " sum_value, min_value, max_value) VALUES (date_trunc('hour', now()), 'radar-export', 'heart_rate', ?,"
        + " 2, 150, 70, 80)", elder);

    JsonObject doc = stack.admin().get("/api/elders/" + elder + "/export").json();

    JsonArray hours = doc.getJsonObject("hourlyReadings").getJsonArray("items");
    assertThat(hours).hasSize(1);
    assertThat(hours.getJsonObject(0).getString("metric")).isEqualTo("heart_rate");
    assertThat(hours.getJsonObject(0).getDouble("avgValue")).isEqualTo(75.0);
  }

  @Test
  void givenATableAddedLaterThatReferencesElders_whenExported_thenItsRowsAreIncluded() throws Exception {
    TestElders.execute(db, "CREATE TABLE IF NOT EXISTS visit_note (id bigserial PRIMARY KEY,"
        + " elder_id bigint NOT NULL REFERENCES elder (id), note text NOT NULL)");
    TestElders.execute(db, "INSERT INTO visit_note (elder_id, note) VALUES (?, '血压偏高，已提醒服药')", elder);

    JsonObject doc = stack.admin().get("/api/elders/" + elder + "/export").json();

    JsonArray notes = doc.getJsonObject("otherRecords").getJsonObject("visit_note").getJsonArray("items");
    assertThat(notes).hasSize(1);
    assertThat(notes.getJsonObject(0).getString("note")).isEqualTo("血压偏高，已提醒服药");
  }

  @Test
  void givenAnUnknownOrErasedElder_whenExported_thenTheAnswerIs404() throws Exception {
    long erased = TestElders.elder(db, vault, site, "E-EXPORT-GONE", "已删除", TestElders.idCard(9));
    TestElders.execute(db, "UPDATE elder SET erased_at = now() WHERE id = ?", erased);

    assertThat(stack.admin().get("/api/elders/999999/export").status()).isEqualTo(404);
    assertThat(stack.admin().get("/api/elders/" + erased + "/export").status()).isEqualTo(404);
  }

  @Test
  void givenStaffOfTheElderSiteOrTheBureau_whenTheyExport_thenTheyAreRefused() {
    for (String user : List.of("export.staff", "export.bureau")) {
      assertThat(stack.signIn(user).get("/api/elders/" + elder + "/export").status()).as(user).isEqualTo(403);
    }
  }

  private static List<Long> ids(JsonArray rows) {
    return rows.stream().map(r -> ((JsonObject) r).getLong("id")).toList();
  }
}
