package cn.anxin.platform.registry.elders;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Status periods: never overlapping, an open one closed by the next, DECEASED final. */
class StatusPeriodsTest extends OnRunningStack {

  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

  private long site;
  private ApiClient admin;
  private ApiClient staff;

  @BeforeAll
  void registry() throws Exception {
    site = ElderFixtures.site(db, "状态测试中心");
    admin = stack.admin();
    TestAccounts.create(db, "status.staff", Role.STAFF, site);
    staff = stack.signIn("status.staff");
  }

  @Test
  void givenAnOpenAwayPeriod_whenAHospitalStayStarts_thenTheAwayPeriodIsClosedTheDayBeforeAndTheStatusFollowsToday() {
    long elder = ElderFixtures.elder(admin, "状态甲", site);
    String awayFrom = TODAY.minusDays(20).toString();
    String hospitalFrom = TODAY.minusDays(3).toString();

    ApiClient.Answer away = add(elder, "AWAY", awayFrom, null);
    assertThat(current(elder)).isEqualTo("AWAY");
    ApiClient.Answer hospital = add(elder, "HOSPITAL", hospitalFrom, null);

    assertThat(away.status()).as(away.body()).isEqualTo(201);
    assertThat(hospital.status()).as(hospital.body()).isEqualTo(201);
    assertThat(hospital.json().getJsonObject("recordedBy").getString("displayName")).isEqualTo("测试 status.staff");
    JsonObject periods = staff.get("/api/elders/" + elder + "/status-periods").json();
    assertThat(periods.getString("current")).isEqualTo("HOSPITAL");
    JsonArray items = periods.getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("status")).isEqualTo("HOSPITAL");
    assertThat(items.getJsonObject(0).getValue("toDate")).isNull();
    assertThat(items.getJsonObject(1).getString("status")).isEqualTo("AWAY");
    assertThat(items.getJsonObject(1).getString("toDate")).isEqualTo(TODAY.minusDays(4).toString());
    JsonObject detail = staff.get("/api/elders/" + elder).json();
    assertThat(detail.getString("status")).isEqualTo("HOSPITAL");
    assertThat(detail.getJsonObject("statusPeriod").getString("fromDate")).isEqualTo(hospitalFrom);
    assertThat(add(elder, "ACTIVE", TODAY.toString(), null).status()).isEqualTo(201);
    assertThat(current(elder)).isEqualTo("ACTIVE");
  }

  @Test
  void givenAClosedPeriod_whenAnotherOverlapsIt_thenConflictAndABackToBackOneIsAccepted() {
    long elder = ElderFixtures.elder(admin, "状态乙", site);
    assertThat(add(elder, "HOSPITAL", "2025-06-03", "2025-06-12").status()).isEqualTo(201);

    ApiClient.Answer overlapping = add(elder, "AWAY", "2025-06-10", "2025-06-20");
    ApiClient.Answer openOverlapping = add(elder, "AWAY", "2025-06-12", null);
    ApiClient.Answer afterwards = add(elder, "AWAY", "2025-06-13", "2025-06-20");

    assertThat(overlapping.status()).isEqualTo(409);
    assertThat(overlapping.json().getString("code")).isEqualTo("elder.status-overlap");
    assertThat(openOverlapping.status()).isEqualTo(409);
    assertThat(afterwards.status()).as(afterwards.body()).isEqualTo(201);
    assertThat(current(elder)).as("no period covers today").isEqualTo("ACTIVE");
  }

  @Test
  void givenADeath_whenAnythingLaterIsAdded_thenConflictButAnEarlierClosedStayIsAccepted() {
    long elder = ElderFixtures.elder(admin, "状态丙", site);
    add(elder, "HOSPITAL", TODAY.minusDays(30).toString(), null);
    String died = TODAY.minusDays(10).toString();

    ApiClient.Answer death = add(elder, "DECEASED", died, null);
    ApiClient.Answer later = add(elder, "ACTIVE", TODAY.toString(), null);
    ApiClient.Answer laterClosed = add(elder, "AWAY", TODAY.minusDays(5).toString(), TODAY.minusDays(2).toString());
    ApiClient.Answer secondDeath = add(elder, "DECEASED", TODAY.toString(), null);
    ApiClient.Answer earlier = add(elder, "AWAY", TODAY.minusDays(60).toString(), TODAY.minusDays(40).toString());

    assertThat(death.status()).as(death.body()).isEqualTo(201);
    assertThat(later.status()).isEqualTo(409);
    assertThat(later.json().getString("code")).isEqualTo("elder.status-deceased-final");
    assertThat(later.json().getString("detail")).contains(died);
    assertThat(laterClosed.status()).isEqualTo(409);
    assertThat(secondDeath.status()).isEqualTo(409);
    assertThat(earlier.status()).as(earlier.body()).isEqualTo(201);
    assertThat(current(elder)).isEqualTo("DECEASED");
    assertThat(admin.get("/api/elders?status=DECEASED&siteId=" + site).json().getLong("total")).isEqualTo(1);
  }

  @Test
  void givenBadDates_whenAdding_thenFieldErrors() {
    long elder = ElderFixtures.elder(admin, "状态丁", site);

    ApiClient.Answer reversed = add(elder, "AWAY", "2025-06-10", "2025-06-01");
    ApiClient.Answer deathWithEnd = add(elder, "DECEASED", "2025-06-10", "2025-06-11");
    ApiClient.Answer futureDeath = add(elder, "DECEASED", TODAY.plusDays(2).toString(), null);
    ApiClient.Answer unknown = add(elder, "MOVED", "2025-06-10", null);

    assertThat(reversed.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(reversed)).containsExactly("/body/toDate");
    assertThat(deathWithEnd.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(deathWithEnd)).containsExactly("/body/toDate");
    assertThat(futureDeath.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(futureDeath)).containsExactly("/body/fromDate");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(staff.get("/api/elders/" + elder + "/status-periods").json().getJsonArray("items")).isEmpty();
  }

  private ApiClient.Answer add(long elder, String status, String from, String to) {
    JsonObject body = new JsonObject().put("status", status).put("fromDate", from).put("note", "测试");
    if (to != null) {
      body.put("toDate", to);
    }
    return staff.post("/api/elders/" + elder + "/status-periods", body);
  }

  private String current(long elder) {
    return staff.get("/api/elders/" + elder + "/status-periods").json().getString("current");
  }
}
