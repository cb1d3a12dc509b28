package cn.anxin.platform.meals;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meal-assistance API: policies and credentials (administrators), records, flags, statistics and
 * the monthly settlement, each within the caller's scope and audited where it names elders.
 */
class MealApiTest extends OnMealStack {

  private long stationOne;
  private long stationTwo;
  private long poor;
  private long plain;

  @BeforeAll
  void meals() throws Exception {
    long centre = dayCare("DC-API");
    stationOne = station("MS-API-1", "reader-api-1");
    stationTwo = station("MS-API-2", "reader-api-2");
    TestAccounts.create(db, "ms.staff", Role.STAFF, stationOne);
    TestAccounts.create(db, "ms.sup", Role.SUPERVISOR, stationOne);
    TestAccounts.create(db, "ms.other", Role.STAFF, stationTwo);
    TestAccounts.create(db, "ms.bureau", Role.BUREAU);
    Answer policy = admin().post("/api/meals/policies", new JsonObject().put("name", "特困老人助餐补贴")
        .put("tier", "EXTREME_POVERTY").put("breakfastFen", 0).put("lunchFen", 1500).put("dinnerFen", 1500)
        .put("dailyCapFen", 1500).put("effectiveFrom", "2026-01-01"));
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    poor = elder(centre, "张特困", "EXTREME_POVERTY");
    plain = elder(centre, "李普通");
    Answer card = admin().post("/api/meals/credentials", new JsonObject().put("elderId", poor)
        .put("type", "ELDER_CARD").put("number", "EC-API-0001"));
    assertThat(card.status()).as(card.body()).isEqualTo(201);
    assertThat(card.json().getString("number")).isEqualTo("****0001");
    credential(plain, "ELDER_CARD", "EC-API-0002");
    long other = elder(centre, "王二站", "EXTREME_POVERTY");
    credential(other, "ELDER_CARD", "EC-API-0003");

    publish("reader-api-1", swipeAt(clock.instant().minus(Duration.ofHours(1)), "elder_card", "EC-API-0001", "lunch",
        2000, 1500));
    publish("reader-api-1", swipe("elder_card", "EC-API-0001", "dinner", 1800, 1500),
        swipe("elder_card", "EC-API-0002", "lunch", 1600, 0),
        swipe("elder_card", "EC-UNKNOWN-9", "lunch", 1500, 0));
    publish("reader-api-2", swipe("elder_card", "EC-API-0003", "lunch", 1500, 1500));
    advance(Duration.ofDays(1));
    publish("reader-api-1", swipe("elder_card", "EC-API-0001", "lunch", 2000, 1500));
  }

  @Test
  void givenAPolicyOfTheSameTierInForce_whenAnotherStartsInsideIt_thenItIsAConflictUntilTheFirstIsEnded() {
    JsonObject next = new JsonObject().put("name", "特困老人助餐补贴（2027）").put("tier", "EXTREME_POVERTY")
        .put("breakfastFen", 0).put("lunchFen", 1800).put("dinnerFen", 1800).put("dailyCapFen", 1800)
        .put("effectiveFrom", "2027-01-01");
    Answer overlapping = admin().post("/api/meals/policies", next);
    long first = admin().get("/api/meals/policies?on=2026-11-02").array().getJsonObject(0).getLong("id");
    Answer ended = admin().post("/api/meals/policies/" + first + "/end",
        new JsonObject().put("effectiveTo", "2026-12-31"));
    Answer started = admin().post("/api/meals/policies", next);
    Answer badTier = admin().post("/api/meals/policies", next.copy().put("tier", "RICH"));

    assertThat(overlapping.status()).isEqualTo(409);
    assertThat(overlapping.json().getString("code")).isEqualTo("meals.policy-overlap");
    assertThat(ended.status()).as(ended.body()).isEqualTo(200);
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    assertThat(badTier.status()).isEqualTo(400);
    assertThat(admin().get("/api/meals/policies?on=2027-02-01").array()).hasSize(1);
  }

  @Test
  void givenALiveCredential_whenTheSameNumberIsIssuedAgain_thenItIsAConflictAndListingIsAudited() throws Exception {
    Answer again = admin().post("/api/meals/credentials", new JsonObject().put("elderId", plain)
        .put("type", "ELDER_CARD").put("number", "ec-api 0001"));
    long audits = count("SELECT count(*) FROM access_audit WHERE action = 'MEAL_CREDENTIALS'");
    Answer list = admin().get("/api/meals/credentials?elderId=" + poor);
    Answer staff = stack.signIn("ms.staff").get("/api/meals/credentials?elderId=" + poor);

    assertThat(again.status()).isEqualTo(409);
    assertThat(list.array()).hasSize(1);
    assertThat(list.body()).doesNotContain("EC-API-0001");
    assertThat(count("SELECT count(*) FROM access_audit WHERE action = 'MEAL_CREDENTIALS'")).isEqualTo(audits + 1);
    assertThat(staff.status()).isEqualTo(403);
  }

  @Test
  void givenStaffOfTheStationsSite_whenTheyListItsMeals_thenTheySeeThemAuditedAndOtherStationsAreNotFound()
      throws Exception {
    String day = today().minusDays(1).toString();
    long audits = count("SELECT count(*) FROM access_audit WHERE action = 'MEAL_RECORDS'");
    Answer own = stack.signIn("ms.staff").get("/api/meals/stations/" + stationOne + "/records?day=" + day);
    Answer other = stack.signIn("ms.other").get("/api/meals/stations/" + stationOne + "/records?day=" + day);
    Answer none = stack.signIn("ms.other").get("/api/meals/stations/99999999/records?day=" + day);
    Answer bureau = stack.signIn("ms.bureau").get("/api/meals/stations/" + stationTwo + "/records?day=" + day);

    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.array()).hasSize(4);
    assertThat(own.body()).contains("张特困", "UNKNOWN_CREDENTIAL", "ELDER_CARD ****0001").doesNotContain("EC-API");
    assertThat(count("SELECT count(*) FROM access_audit WHERE action = 'MEAL_RECORDS' AND ? = ANY (elder_ids)",
        poor)).isGreaterThan(0);
    assertThat(count("SELECT count(*) FROM access_audit WHERE action = 'MEAL_RECORDS'")).isGreaterThan(audits);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.body().replaceAll("\"instance\":\"[^\"]*\"", ""))
        .isEqualTo(none.body().replaceAll("\"instance\":\"[^\"]*\"", ""));
    assertThat(bureau.status()).isEqualTo(200);
    assertThat(bureau.array()).hasSize(1);
  }

  @Test
  void givenFlags_whenListed_thenSupervisorsSeeTheirStationsBureauSeesAllAndStaffAreRefused() {
    JsonArray supervisor = stack.signIn("ms.sup").get("/api/meals/flags").array();
    JsonArray bureau = stack.signIn("ms.bureau").get("/api/meals/flags").array();
    Answer staff = stack.signIn("ms.staff").get("/api/meals/flags");
    Answer bureauReview = stack.signIn("ms.bureau").post("/api/meals/flags/" + bureau.getJsonObject(0).getLong("id")
        + "/review", new JsonObject().put("decision", "CONFIRMED").put("note", "核实"));

    assertThat(supervisor).hasSize(1);
    assertThat(supervisor.getJsonObject(0).getString("rule")).isEqualTo("DUPLICATE_SUBSIDY");
    assertThat(supervisor.getJsonObject(0).getLong("stationId")).isEqualTo(stationOne);
    assertThat(bureau.size()).isGreaterThanOrEqualTo(1);
    assertThat(staff.status()).isEqualTo(403);
    assertThat(bureauReview.status()).isEqualTo(403);
  }

  @Test
  void givenTheMeals_whenTheStatisticsAreAsked_thenTheBureausFiguresMatchTheRecords() {
    String from = today().minusDays(1).toString();
    Answer answer = stack.signIn("ms.bureau").get("/api/meals/statistics?from=" + from + "&to=" + today());
    Answer staff = stack.signIn("ms.other").get("/api/meals/statistics?from=" + from + "&to=" + today());

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject one = station(answer.json(), stationOne);
    assertThat(one.getLong("meals")).isEqualTo(5);
    assertThat(one.getLong("serviceDays")).isEqualTo(2);
    assertThat(one.getDouble("mealsPerDay")).isEqualTo(2.5);
    assertThat(one.getLong("uniqueDiners")).isEqualTo(2);
    assertThat(one.getLong("subsidyFen")).isEqualTo(3000);
    assertThat(one.getJsonObject("subsidyByTier").getJsonObject("EXTREME_POVERTY").getLong("subsidyFen"))
        .isEqualTo(3000);
    assertThat(one.getLong("priorityMeals")).isEqualTo(3);
    assertThat(one.getDouble("priorityMealShare")).isEqualTo(0.6);
    assertThat(one.getDouble("prioritySubsidyShare")).isEqualTo(1.0);
    assertThat(one.getLong("fraudFlags")).isEqualTo(1);
    assertThat(one.getDouble("fraudFlagsPer1000Meals")).isEqualTo(200.0);
    long sum = answer.json().getJsonArray("stations").stream()
        .mapToLong(o -> ((JsonObject) o).getLong("meals")).sum();
    assertThat(answer.json().getJsonObject("total").getLong("meals")).isEqualTo(sum).isGreaterThanOrEqualTo(6);
    assertThat(station(answer.json(), stationTwo).getLong("meals")).isEqualTo(1);
    assertThat(staff.json().getJsonArray("stations")).hasSize(1);
    assertThat(staff.json().getJsonArray("stations").getJsonObject(0).getLong("stationId")).isEqualTo(stationTwo);
  }

  @Test
  void givenAMonthOfMeals_whenTheSettlementIsDownloaded_thenTheXlsxAndCsvTotalsMatchTheMealRecords()
      throws Exception {
    String month = today().toString().substring(0, 7);
    long meals = count("SELECT count(*) FROM meal_record WHERE station_site_id = ? AND to_char(service_day,"
        + " 'YYYY-MM') = ?", stationOne, month);
    long subsidy = count("SELECT sum(subsidy_fen) FROM meal_record WHERE station_site_id = ? AND to_char(service_day,"
        + " 'YYYY-MM') = ?", stationOne, month);
    long price = count("SELECT sum(price_fen) FROM meal_record WHERE station_site_id = ? AND to_char(service_day,"
        + " 'YYYY-MM') = ?", stationOne, month);
    ApiClient supervisor = stack.signIn("ms.sup");

    HttpResponse<byte[]> xlsx = download(supervisor, "/api/meals/stations/" + stationOne + "/settlement?month=" + month);
    HttpResponse<byte[]> csv = download(supervisor, "/api/meals/stations/" + stationOne + "/settlement?month=" + month
        + "&format=csv");
    HttpResponse<byte[]> outside = download(stack.signIn("ms.other"),
        "/api/meals/stations/" + stationOne + "/settlement?month=" + month);

    assertThat(xlsx.statusCode()).isEqualTo(200);
    List<List<String>> days = sheet(xlsx.body(), "汇总");
    assertThat(days.get(0)).containsExactlyElementsOf(Settlement.DAY_HEADERS);
    List<String> total = days.get(days.size() - 1);
    assertThat(total.get(0)).isEqualTo(Settlement.TOTAL);
    assertThat(new BigDecimal(total.get(1)).longValueExact()).isEqualTo(meals);
    assertThat(new BigDecimal(total.get(2)).longValueExact()).as("registered diners").isEqualTo(2);
    assertThat(new BigDecimal(total.get(4))).isEqualByComparingTo(BigDecimal.valueOf(price, 2));
    assertThat(new BigDecimal(total.get(6))).isEqualByComparingTo(BigDecimal.valueOf(subsidy, 2));
    long dayMeals = 0;
    for (List<String> line : days.subList(1, days.size() - 1)) {
      dayMeals += new BigDecimal(line.get(1)).longValueExact();
    }
    assertThat(dayMeals).isEqualTo(meals);
    List<List<String>> diners = sheet(xlsx.body(), "就餐明细");
    assertThat(diners.get(0)).containsExactlyElementsOf(Settlement.DINER_HEADERS);
    assertThat(diners).extracting(l -> l.get(1)).contains("张特困", "李普通");
    assertThat(diners).extracting(l -> l.get(0)).contains(Settlement.UNREGISTERED);

    assertThat(csv.statusCode()).isEqualTo(200);
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF" + String.join(",", Settlement.DAY_HEADERS));
    String totalLine = text.lines().filter(l -> l.startsWith(Settlement.TOTAL + ",")).findFirst().orElseThrow();
    assertThat(totalLine.split(",")[1]).isEqualTo(String.valueOf(meals));
    assertThat(new BigDecimal(totalLine.split(",")[6])).isEqualByComparingTo(BigDecimal.valueOf(subsidy, 2));
    assertThat(count("SELECT count(*) FROM access_audit WHERE action = 'MEAL_SETTLEMENT' AND ? = ANY (elder_ids)",
        poor)).isEqualTo(2);
    assertThat(outside.statusCode()).isEqualTo(403);
  }

  @Test
  void givenTheFraudThresholds_whenAnAdministratorChangesThem_thenTheyAreKeptAndNonsenseIsRefused() {
    JsonObject wider = new JsonObject().put("twoStationMinutes", 45).put("countSigmas", 2.5).put("baselineDays", 28)
        .put("minBaselineDays", 10);
    Answer set = admin().put("/api/meals/fraud-settings", wider);
    Answer read = stack.signIn("ms.sup").get("/api/meals/fraud-settings");
    Answer inverted = admin().put("/api/meals/fraud-settings", wider.copy().put("minBaselineDays", 40));
    Answer zero = admin().put("/api/meals/fraud-settings", wider.copy().put("countSigmas", 0));
    Answer bySupervisor = stack.signIn("ms.sup").put("/api/meals/fraud-settings", wider);
    admin().put("/api/meals/fraud-settings", new JsonObject().put("twoStationMinutes", 30).put("countSigmas", 2)
        .put("baselineDays", 30).put("minBaselineDays", 7));

    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(wider);
    assertThat(inverted.status()).isEqualTo(400);
    assertThat(inverted.codesOn("/body/minBaselineDays")).contains("meals.baseline-days");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(bySupervisor.status()).isEqualTo(403);
  }

  @Test
  void givenMealLeave_whenStaffRecordListAndWithdrawIt_thenOnlyElderOfTheirSitesAreReachableAndReadsAreAudited()
      throws Exception {
    long otherCentre = dayCare("DC-API-OTHER");
    long outsider = elder(otherCentre, "外中心老人");
    ApiClient staff = stack.signIn("ms.other");
    TestAccounts.create(db, "ms.centre", Role.STAFF, count("SELECT site_id FROM elder WHERE id = ?", poor));
    ApiClient carer = stack.signIn("ms.centre");

    Answer recorded = carer.post("/api/meals/leaves", new JsonObject().put("elderId", poor)
        .put("from", "2026-12-01").put("to", "2026-12-03").put("reason", "探亲"));
    Answer backwards = carer.post("/api/meals/leaves", new JsonObject().put("elderId", poor)
        .put("from", "2026-12-03").put("to", "2026-12-01"));
    Answer foreign = carer.post("/api/meals/leaves", new JsonObject().put("elderId", outsider)
        .put("from", "2026-12-01").put("to", "2026-12-01"));
    Answer listed = carer.get("/api/meals/leaves?from=2026-12-02&to=2026-12-02");
    Answer hidden = staff.get("/api/meals/leaves?elderId=" + poor);
    Answer notTheirs = staff.delete("/api/meals/leaves/" + recorded.json().getLong("id"));
    Answer withdrawn = carer.delete("/api/meals/leaves/" + recorded.json().getLong("id"));

    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.codesOn("/body/to")).contains("meals.leave-dates");
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(listed.array()).hasSize(1);
    assertThat(count("SELECT count(*) FROM access_audit WHERE action = 'MEAL_LEAVES' AND ? = ANY (elder_ids)", poor))
        .isEqualTo(1);
    assertThat(hidden.array()).isEmpty();
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(withdrawn.status()).isEqualTo(204);
  }

  @Test
  void givenAnErasedDiner_whenTheirCardIsSwipedAgain_thenTheNumberIsGoneAndTheSwipeIsAnUnknownCredential()
      throws Exception {
    long centre = count("SELECT site_id FROM elder WHERE id = ?", poor);
    station("MS-API-3", "reader-api-3");
    long elder = elder(centre, "将删除老人", "EXTREME_POVERTY");
    credential(elder, "ELDER_CARD", "EC-ERASE-4321");
    publish("reader-api-3", swipe("elder_card", "EC-ERASE-4321", "breakfast", 500, 0));
    String code = text("SELECT code FROM elder WHERE id = ?", elder);

    Answer erased = admin().delete("/api/elders/" + elder + "/personal-data?confirm=" + code);
    publish("reader-api-3", swipe("elder_card", "EC-ERASE-4321", "breakfast", 500, 0));

    assertThat(erased.status()).as(erased.body()).isLessThan(300);
    assertThat(count("SELECT count(*) FROM device_event WHERE payload::text LIKE '%EC-ERASE-4321%'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_credential WHERE elder_id = ? AND last4 = '****'"
        + " AND revoked_at IS NOT NULL", elder)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND credential_last4 = '****'", elder))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id IS NULL AND outcome = 'UNKNOWN_CREDENTIAL'"
        + " AND credential_last4 = '4321'")).isEqualTo(1);
  }

  private static JsonObject station(JsonObject statistics, long id) {
    for (Object o : statistics.getJsonArray("stations")) {
      if (((JsonObject) o).getLong("stationId") == id) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no station " + id + " in " + statistics);
  }

  private HttpResponse<byte[]> download(ApiClient client, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + path))
        .header("Authorization", "Bearer " + client.token()).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<List<String>> sheet(byte[] file, String name) throws Exception {
    List<List<String>> out = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(file))) {
      Sheet sheet = wb.findSheet(name).orElseThrow();
      for (Row row : sheet.read()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.getCellCount(); i++) {
          cells.add(row.getCellText(i));
        }
        out.add(cells);
      }
    }
    return out;
  }
}
