package cn.anxin.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code DELETE /api/elders/{id}/personal-data} over real HTTP, checked in the database. */
class ElderErasureTest extends OnRunningStack {

  private static final String SWIPE = "{\"msgId\": \"%s\", \"ts\": \"2026-11-29T11:32:05+08:00\","
      + " \"credential\": {\"type\": \"elder_card\", \"id\": \"%s\"}, \"mealType\": \"lunch\","
      + " \"priceFen\": 1500, \"subsidyFen\": 500, \"paidFen\": 1000, \"terminal\": \"T07\"}";

  private final IdCardVault vault = new IdCardVault(PiiKeys.ephemeral());
  private final Instant now = Instant.now();

  @Test
  void givenAnElderWithEverything_whenErasedWithConfirmation_thenNothingIdentifiesTheElderAndStatisticsStay()
      throws Exception {
    long centre = TestElders.site(db, "S-DC-ERASE", "DAY_CARE", "鹿城镇日间照料中心");
    long home = TestElders.site(db, "S-HOME-ERASE", "HOME", "张桂英家");
    long station = TestElders.site(db, "S-MEAL-ERASE", "MEAL_STATION", "鹿城老年幸福食堂");
    long elder = TestElders.elder(db, vault, centre, "E-ERASE-1", "张桂英", TestElders.idCard(21));
    long neighbour = TestElders.elder(db, vault, centre, "E-ERASE-2", "李正华", TestElders.idCard(22));
    TestAccounts.family(db, "erase.family", elder);
    ApiClient family = stack.signIn("erase.family");
    long contact = TestElders.contact(db, elder, "张明", true, 2, null);
    TestElders.consent(db, elder, contact, "NOTIFY_FAMILY", true, now.minus(Duration.ofDays(30)));
    TestElders.consent(db, elder, null, "HEALTH_MONITORING", true, now.minus(Duration.ofDays(30)));
    TestElders.execute(db, "INSERT INTO elder_status (elder_id, status, from_date, note)"
        + " VALUES (?, 'AWAY', '2026-10-01', '住在昆明女儿家')", elder);
    TestElders.device(db, "radar-erase", "FALL_RADAR", elder, home);
    TestElders.device(db, "watch-erase", "WEARABLE", elder, null);
    TestElders.execute(db, "INSERT INTO device_binding (device_id, elder_id, from_at) VALUES ('watch-erase', ?, ?)",
        elder, Timestamp.from(now.minus(Duration.ofDays(10))));
    TestElders.device(db, "reader-erase", "MEAL_READER", null, station);
    long fall = TestElders.event(db, "radar-erase", "FALL", "{}", now.minus(Duration.ofDays(3)));
    long fix = TestElders.event(db, "watch-erase", "LOCATION",
        "{\"lat\": 25.0361, \"lon\": 101.542, \"accuracyM\": 8, \"fix\": \"gps\"}", now.minus(Duration.ofDays(2)));
    long swipe = TestElders.event(db, "reader-erase", "MEAL_SWIPE", SWIPE.formatted("s1", "EC-0000123"),
        now.minus(Duration.ofDays(2)));
    long sameCard = TestElders.event(db, "reader-erase", "MEAL_SWIPE", SWIPE.formatted("s2", "EC-0000123"),
        now.minus(Duration.ofDays(1)));
    long otherCard = TestElders.event(db, "reader-erase", "MEAL_SWIPE", SWIPE.formatted("s3", "EC-0000999"),
        now.minus(Duration.ofDays(1)));
    TestElders.alert(db, elder, "radar-erase", fall, "FALL", "RESOLVED", now.minus(Duration.ofDays(3)));
    TestElders.alert(db, elder, "reader-erase", swipe, "DUPLICATE_SUBSIDY", "FALSE_ALARM", now.minus(Duration.ofDays(2)));
    TestElders.execute(db, "UPDATE alert SET closing_note = '女儿张明已接回家' WHERE elder_id = ?", elder);
    TestElders.execute(db, "INSERT INTO alert_transition (alert_id, from_status, to_status, at, note)"
        + " SELECT id, 'OPEN', 'ACKNOWLEDGED', date_trunc('second', now()), '已联系张明' FROM alert WHERE elder_id = ?",
        elder);

    // The typed copy the journal consumer makes of a processed fix (store/series/ReadingProjection).
    TestElders.execute(db, "INSERT INTO reading_location (event_time, event_id, device_id, elder_id, lat, lon,"
        + " accuracy_m, fix) SELECT event_time, id, device_id, ?, 25.0361, 101.542, 8, 'GPS' FROM device_event"
        + " WHERE id = ?", elder, fix);

    Answer answer = stack.admin().delete("/api/elders/" + elder + "/personal-data?confirm=E-ERASE-1");

    assertThat(answer.status()).isEqualTo(204);
    assertThat(count("SELECT count(*) FROM elder WHERE id = ? AND name = '已删除' AND code = 'ERASED-' || id"
        + " AND id_card_cipher IS NULL AND id_card_key IS NULL AND id_card_hash IS NULL AND id_card_last4 IS NULL"
        + " AND phone IS NULL AND address IS NULL AND grid IS NULL AND lon IS NULL AND lat IS NULL"
        + " AND birth_date = '1941-01-01' AND area_code = '532301' AND erased_at IS NOT NULL"
        + " AND sex = 'F' AND categories = '{AGED_80}' AND site_id = " + centre, elder)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM elder_contact WHERE elder_id = ?", elder)).isZero();
    assertThat(count("SELECT count(*) FROM consent_record WHERE elder_id = ? AND evidence IS NULL"
        + " AND contact_id IS NULL", elder)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM elder_status WHERE elder_id = ? AND note IS NULL", elder)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM alert WHERE elder_id = ? AND closing_note IS NOT NULL", elder)).isZero();
    assertThat(count("SELECT count(*) FROM alert_transition t JOIN alert a ON a.id = t.alert_id"
        + " WHERE a.elder_id = ? AND t.note IS NOT NULL", elder)).isZero();
    assertThat(count("SELECT count(*) FROM account WHERE username = 'erase.family' AND NOT enabled")).isEqualTo(1);
    assertThat(family.get("/api/me").status()).as("the family member's session ended").isEqualTo(401);
    assertThat(count("SELECT count(*) FROM device WHERE elder_id = ?", elder)).isZero();
    assertThat(count("SELECT count(*) FROM device_binding WHERE elder_id = ? AND to_at IS NULL", elder)).isZero();
    assertThat(count("SELECT count(*) FROM device_binding WHERE elder_id = ? AND to_at IS NOT NULL", elder))
        .as("both bindings kept in the history, closed").isEqualTo(2);
    assertThat(count("SELECT count(*) FROM device WHERE id = 'radar-erase' AND site_id = ?", home)).isEqualTo(1);
    assertThat(TestElders.text(db, "SELECT payload #>> '{credential,id}' FROM device_event WHERE id = ?", swipe))
        .isNull();
    assertThat(TestElders.text(db, "SELECT payload #>> '{credential,id}' FROM device_event WHERE id = ?", sameCard))
        .as("the same card swiped elsewhere, in no alert").isNull();
    assertThat(TestElders.text(db, "SELECT payload #>> '{credential,type}' FROM device_event WHERE id = ?", swipe))
        .isEqualTo("elder_card");
    assertThat(TestElders.text(db, "SELECT payload #>> '{credential,id}' FROM device_event WHERE id = ?", otherCard))
        .isEqualTo("EC-0000999");
    assertThat(TestElders.text(db, "SELECT payload ->> 'lat' FROM device_event WHERE id = ?", fix)).isNull();
    assertThat(count("SELECT count(*) FROM reading_location WHERE event_id = ?", fix)).as("typed copy").isZero();
    assertThat(count("SELECT count(*) FROM site WHERE id = ? AND name = '已删除' AND address IS NULL"
        + " AND lon IS NULL AND NOT active", home)).isEqualTo(1);
    assertThat(TestElders.text(db, "SELECT name FROM site WHERE id = ?", centre)).isEqualTo("鹿城镇日间照料中心");
    assertThat(count("SELECT count(*) FROM alert WHERE elder_id = ?", elder)).as("alerts kept").isEqualTo(2);
    assertThat(count("SELECT count(*) FROM access_audit WHERE action = 'ERASE' AND elder_ids = ARRAY[?]::bigint[]",
        elder)).isEqualTo(1);
    assertThat(TestElders.text(db, "SELECT name FROM elder WHERE id = ?", neighbour)).isEqualTo("李正华");
  }

  @Test
  void givenAnErasedElder_whenExportedOrErasedAgain_thenTheElderDoesNotExist() throws Exception {
    long site = TestElders.site(db, "S-DC-AGAIN", "DAY_CARE", "东瓜镇社区养老服务站");
    long elder = TestElders.elder(db, vault, site, "E-AGAIN", "杨国富", TestElders.idCard(31));
    assertThat(stack.admin().delete("/api/elders/" + elder + "/personal-data?confirm=E-AGAIN").status())
        .isEqualTo(204);

    Answer again = stack.admin().delete("/api/elders/" + elder + "/personal-data?confirm=E-AGAIN");
    Answer export = stack.admin().get("/api/elders/" + elder + "/export");

    assertThat(again.status()).isEqualTo(404);
    assertThat(export.status()).isEqualTo(404);
    assertThat(count("SELECT count(*) FROM access_audit WHERE action = 'ERASE' AND elder_ids = ARRAY[?]::bigint[]",
        elder)).isEqualTo(1);
  }

  @Test
  void givenAnErasedElder_whenStaffOfTheSiteAskForTheElder_thenTheAnswerIs404() throws Exception {
    long site = TestElders.site(db, "S-DC-STAFF", "DAY_CARE", "紫溪镇日间照料中心");
    long kept = TestElders.elder(db, vault, site, "E-STAFF-1", "王秀兰", TestElders.idCard(41));
    long erased = TestElders.elder(db, vault, site, "E-STAFF-2", "赵淑珍", TestElders.idCard(42));
    TestAccounts.create(db, "erase.staff", Role.STAFF, site);
    ApiClient staff = stack.signIn("erase.staff");
    assumeThat(staff.get("/api/elders/" + kept).status())
        .as("GET /api/elders/{id} is built by the elders area").isEqualTo(200);

    stack.admin().delete("/api/elders/" + erased + "/personal-data?confirm=E-STAFF-2");

    assertThat(staff.get("/api/elders/" + erased).status()).isEqualTo(404);
  }

  @Test
  void givenNoOrAWrongConfirmation_whenErasing_thenItIsRefusedWith400AndNothingChanges() throws Exception {
    long site = TestElders.site(db, "S-DC-CONFIRM", "DAY_CARE", "吕合镇日间照料中心");
    long elder = TestElders.elder(db, vault, site, "E-CONFIRM", "陈玉珍", TestElders.idCard(51));

    Answer missing = stack.admin().delete("/api/elders/" + elder + "/personal-data");
    Answer wrong = stack.admin().inLanguage("en").delete("/api/elders/" + elder + "/personal-data?confirm=E-OTHER");

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/query/confirm");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("privacy.erase-confirm-mismatch");
    assertThat(wrong.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("The confirmation must be the elder's code; nothing was erased.");
    assertThat(count("SELECT count(*) FROM elder WHERE id = ? AND name = '陈玉珍' AND erased_at IS NULL"
        + " AND id_card_cipher IS NOT NULL", elder)).isEqualTo(1);
  }

  @Test
  void givenAnOpenAlert_whenErasing_thenItIsRefusedWith409AndNothingChanges() throws Exception {
    long site = TestElders.site(db, "S-DC-OPEN", "DAY_CARE", "子午镇日间照料中心");
    long elder = TestElders.elder(db, vault, site, "E-OPEN", "刘桂花", TestElders.idCard(61));
    TestElders.device(db, "radar-open", "FALL_RADAR", elder, site);
    long fall = TestElders.event(db, "radar-open", "FALL", "{}", now);
    TestElders.alert(db, elder, "radar-open", fall, "FALL", "OPEN", now);

    Answer answer = stack.admin().delete("/api/elders/" + elder + "/personal-data?confirm=E-OPEN");

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.json().getString("code")).isEqualTo("privacy.erase-open-alerts");
    assertThat(count("SELECT count(*) FROM elder WHERE id = ? AND erased_at IS NULL", elder)).isEqualTo(1);
  }

  @Test
  void givenTheBureau_whenItErases_thenItIsRefused() throws Exception {
    long site = TestElders.site(db, "S-DC-BUREAU", "DAY_CARE", "东华镇日间照料中心");
    long elder = TestElders.elder(db, vault, site, "E-BUREAU", "周文秀", TestElders.idCard(71));
    TestAccounts.create(db, "erase.bureau", Role.BUREAU);

    Answer answer = stack.signIn("erase.bureau").delete("/api/elders/" + elder + "/personal-data?confirm=E-BUREAU");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(count("SELECT count(*) FROM elder WHERE id = ? AND erased_at IS NULL", elder)).isEqualTo(1);
  }

  private long count(String sql, Object... args) throws Exception {
    return TestRegistry.count(db, sql, args);
  }
}
