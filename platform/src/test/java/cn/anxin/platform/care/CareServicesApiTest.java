package cn.anxin.platform.care;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Visits, work orders and safe zones through the API: scope, roles, validation and the access audit. */
class CareServicesApiTest extends OnRunningStack {

  private long elder;
  private long otherElder;
  private long site;
  private long colleague;
  private ApiClient staff;
  private ApiClient otherStaff;
  private ApiClient bureau;
  private ApiClient family;

  @BeforeAll
  void twoCentres() throws Exception {
    elder = TestRegistry.elderWithRadar(db, "张奶奶", "care-radar-a", "secret-a");
    otherElder = TestRegistry.elderWithRadar(db, "李爷爷", "care-radar-b", "secret-b");
    site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    long otherSite = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", otherElder);
    TestAccounts.create(db, "care.staff", Role.STAFF, site);
    colleague = TestAccounts.create(db, "care.colleague", Role.STAFF, site);
    TestAccounts.create(db, "care.other", Role.STAFF, otherSite);
    TestAccounts.create(db, "care.bureau", Role.BUREAU);
    TestAccounts.family(db, "care.family", elder);
    staff = stack.signIn("care.staff");
    otherStaff = stack.signIn("care.other");
    bureau = stack.signIn("care.bureau");
    family = stack.signIn("care.family");
  }

  @Test
  void givenStaffOfTheElderSite_whenTheyRecordAVisit_thenItIsListedForThemAndTheBureau_andEveryReadIsAudited()
      throws Exception {
    Answer recorded = staff.post("/api/care/visits", visit(elder).put("mode", "PHONE")
        .put("nextAction", "下周上门").put("nextActionDue", "2026-12-05"));
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    long id = recorded.json().getLong("id");
    assertThat(recorded.headers().firstValue("Location")).hasValue("/api/care/visits/" + id);
    assertThat(recorded.json().getJsonObject("visitor").getString("displayName")).isNotBlank();
    long audits = audits();

    Answer one = staff.get("/api/care/visits/" + id);
    Answer list = bureau.get("/api/care/visits?elderId=" + elder);

    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().getString("mode")).isEqualTo("PHONE");
    assertThat(one.json().getString("nextActionDue")).isEqualTo("2026-12-05");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(v -> v.getLong("id"))).contains(id);
    assertThat(audits()).as("one audit row per read").isEqualTo(audits + 2);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'CARE_VISITS'"
        + " AND ? = ANY (elder_ids)", elder)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void givenStaffOfAnotherCentre_whenTheyRecordOrReadVisitsOfThisElder_thenUnknownElderAndNothingListed() {
    Answer recorded = staff.post("/api/care/visits", visit(elder));
    long id = recorded.json().getLong("id");

    Answer refused = otherStaff.post("/api/care/visits", visit(elder));
    Answer unknown = otherStaff.post("/api/care/visits", visit(99_999_999));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.codesOn("/body/elderId")).containsExactly("care.unknown-elder");
    assertThat(unknown.codesOn("/body/elderId")).containsExactly("care.unknown-elder");
    assertThat(otherStaff.inLanguage("en").post("/api/care/visits", visit(elder)).errorOn("/body/elderId")
        .getString("message")).contains("no such elder");
    assertThat(refused.errorOn("/body/elderId").getString("message")).contains("没有这位老人");
    assertThat(otherStaff.get("/api/care/visits/" + id).status()).isEqualTo(404);
    assertThat(otherStaff.get("/api/care/visits").json().getJsonArray("items").encode()).doesNotContain("张奶奶");
  }

  @Test
  void givenFamilyOrBureau_whenTheyWrite_thenForbidden_andFamilyReadsNothing() {
    assertThat(family.post("/api/care/visits", visit(elder)).status()).isEqualTo(403);
    assertThat(family.get("/api/care/visits").status()).isEqualTo(403);
    assertThat(family.get("/api/care/work-orders").status()).isEqualTo(403);
    assertThat(bureau.post("/api/care/visits", visit(elder)).status()).isEqualTo(403);
    assertThat(bureau.post("/api/care/work-orders", order(elder)).status()).isEqualTo(403);
  }

  @Test
  void givenAVisitInTheFutureOrWithAnotherElderAlert_whenRecorded_thenFieldErrors() throws Exception {
    Answer future = staff.post("/api/care/visits", visit(elder)
        .put("visitedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(2).toString()));
    Answer badMode = staff.post("/api/care/visits", visit(elder).put("mode", "TELEPATHY"));
    Answer strayVisitor = staff.post("/api/care/visits", visit(elder).put("visitorId", 99_999_999L));

    assertThat(future.codesOn("/body/visitedAt")).containsExactly("care.visit-in-future");
    assertThat(badMode.status()).isEqualTo(400);
    assertThat(strayVisitor.codesOn("/body/visitorId")).containsExactly("care.visitor-invalid");
  }

  @Test
  void givenAWorkOrder_whenAssignedThenDone_thenItClosesWithItsOutcome_andCannotChangeAfterwards() {
    Answer opened = staff.post("/api/care/work-orders", order(elder));
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    assertThat(opened.json().getString("status")).isEqualTo("OPEN");
    String path = "/api/care/work-orders/" + opened.json().getLong("id");

    Answer early = staff.patch(path, new JsonObject().put("status", "DONE").put("outcome", "已查看"));
    Answer noAssignee = staff.patch(path, new JsonObject().put("status", "ASSIGNED"));
    Answer assigned = staff.patch(path, new JsonObject().put("assigneeId", colleague));
    Answer noOutcome = staff.patch(path, new JsonObject().put("status", "DONE"));
    Answer done = staff.patch(path, new JsonObject().put("status", "DONE").put("outcome", "老人安好，水龙头已修。"));
    Answer again = staff.patch(path, new JsonObject().put("status", "CANCELLED").put("outcome", "x"));

    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().getString("code")).isEqualTo("care.work-order-transition");
    assertThat(noAssignee.codesOn("/body/assigneeId")).containsExactly("care.assignee-required");
    assertThat(assigned.json().getString("status")).isEqualTo("ASSIGNED");
    assertThat(assigned.json().getJsonObject("assignee").getLong("id")).isEqualTo(colleague);
    assertThat(noOutcome.codesOn("/body/outcome")).containsExactly("care.outcome-required");
    assertThat(done.json().getString("status")).isEqualTo("DONE");
    assertThat(done.json().getString("closedAt")).isNotNull();
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("code")).isEqualTo("care.work-order-closed");
  }

  @Test
  void givenWorkOrders_whenListedByStatus_thenScopedAndAudited_andAnAssigneeOfAnotherSiteIsRefused()
      throws Exception {
    long otherStaffId = TestRegistry.count(db, "SELECT id FROM account WHERE username = 'care.other'");
    Answer stray = staff.post("/api/care/work-orders", order(elder).put("assigneeId", otherStaffId));
    Answer assignedAtOnce = staff.post("/api/care/work-orders", order(elder).put("assigneeId", colleague)
        .put("kind", "MEAL_DELIVERY"));
    long audits = audits();

    Answer mine = staff.get("/api/care/work-orders?status=ASSIGNED");
    Answer theirs = otherStaff.get("/api/care/work-orders");

    assertThat(stray.codesOn("/body/assigneeId")).containsExactly("care.assignee-invalid");
    assertThat(assignedAtOnce.json().getString("status")).isEqualTo("ASSIGNED");
    assertThat(mine.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .allMatch(o -> o.getString("status").equals("ASSIGNED"))).isTrue();
    assertThat(mine.json().getLong("total")).isGreaterThanOrEqualTo(1);
    assertThat(theirs.json().getJsonArray("items").encode()).doesNotContain("张奶奶");
    assertThat(audits()).as("the list with elders is audited, the empty one is not").isEqualTo(audits + 1);
    assertThat(otherStaff.get("/api/care/work-orders/" + assignedAtOnce.json().getLong("id")).status())
        .isEqualTo(404);
  }

  @Test
  void givenSafeZones_whenSavedAndRead_thenCirclesTakeTheirCentreFromTheAnchor_andBadShapesAreRefused()
      throws Exception {
    try (var c = db.getConnection(); var s = c.prepareStatement("UPDATE site SET lon = 101.53, lat = 25.04 WHERE id = ?")) {
      s.setLong(1, site);
      s.executeUpdate();
    }
    String path = "/api/elders/" + elder + "/safe-zones";
    Answer saved = staff.put(path, new JsonObject().put("zones", new JsonArray()
        .add(new JsonObject().put("name", "日照中心").put("shape", "CIRCLE").put("anchor", "SITE").put("radiusM", 800))));
    Answer noHome = staff.put(path, new JsonObject().put("zones", new JsonArray()
        .add(new JsonObject().put("name", "家").put("shape", "CIRCLE").put("anchor", "HOME").put("radiusM", 300))));
    JsonArray open = new JsonArray().add(new JsonArray().add(101.0).add(25.0)).add(new JsonArray().add(101.1).add(25.0))
        .add(new JsonArray().add(101.1).add(25.1)).add(new JsonArray().add(101.0).add(25.1));
    Answer unclosed = staff.put(path, new JsonObject().put("zones", new JsonArray().add(new JsonObject()
        .put("name", "片区").put("shape", "POLYGON")
        .put("polygon", new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(open))))));
    long audits = audits();
    Answer read = staff.get(path);

    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    JsonObject zone = saved.json().getJsonArray("zones").getJsonObject(0);
    assertThat(zone.getJsonObject("center").getDouble("lon")).isEqualTo(101.53);
    assertThat(zone.getInteger("radiusM")).isEqualTo(800);
    assertThat(noHome.codesOn("/body/zones/0/anchor")).containsExactly("care.zone-no-home");
    assertThat(unclosed.codesOn("/body/zones/0/polygon/coordinates/0")).containsExactly("care.zone-ring-open");
    assertThat(read.json().getJsonArray("zones")).hasSize(1);
    assertThat(audits()).isEqualTo(audits + 1);
    assertThat(otherStaff.get(path).status()).isEqualTo(404);
    assertThat(bureau.get(path).status()).isEqualTo(403);
  }

  @Test
  void givenVisits_whenTheIndicatorViewIsRead_thenTheRateIsPerTierForThisMonth() throws Exception {
    long high = TestRegistry.elderWithRadar(db, "高风险老人", "care-radar-h", "secret-h");
    try (var c = db.getConnection(); var s = c.createStatement()) {
      s.executeUpdate("UPDATE elder SET risk_tier = 'HIGH' WHERE id = " + high);
      s.executeUpdate("INSERT INTO care_visit (elder_id, visitor_id, mode, visited_at, findings, recorded_by, recorded_at)"
          + " SELECT " + high + ", " + colleague + ", 'HOME_VISIT', date_trunc('month', now() AT TIME ZONE"
          + " 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' + make_interval(hours => 10 + g), '好', " + colleague
          + ", now() FROM generate_series(1, 4) g");
    }
    long highElders = TestRegistry.count(db, "SELECT count(*) FROM elder WHERE risk_tier = 'HIGH'");

    long visited = TestRegistry.count(db, "SELECT visited FROM indicator_visit_rate WHERE risk_tier = 'HIGH'"
        + " AND month = date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date");
    long counted = TestRegistry.count(db, "SELECT elders FROM indicator_visit_rate WHERE risk_tier = 'HIGH'"
        + " AND month = date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date");

    assertThat(counted).isEqualTo(highElders);
    assertThat(visited).as("four visits this month meet the weekly requirement").isEqualTo(1);
  }

  @Test
  void givenAnElderWithVisitsOrdersAndZones_whenErased_thenZonesGoAndTheTextIsReplaced_butTheRowsStay()
      throws Exception {
    long gone = TestRegistry.elderWithRadar(db, "王爷爷", "care-radar-e", "secret-e");
    long goneSite = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", gone);
    TestAccounts.create(db, "care.erase.staff", Role.STAFF, goneSite);
    ApiClient writer = stack.signIn("care.erase.staff");
    assertThat(writer.post("/api/care/visits", visit(gone).put("nextAction", "复诊")).status()).isEqualTo(201);
    assertThat(writer.post("/api/care/work-orders", order(gone)).status()).isEqualTo(201);
    assertThat(writer.put("/api/elders/" + gone + "/safe-zones", new JsonObject().put("zones", new JsonArray()
        .add(new JsonObject().put("name", "家").put("shape", "CIRCLE").put("anchor", "POINT")
            .put("center", new JsonObject().put("lon", 101.5).put("lat", 25.0)).put("radiusM", 200)))).status())
        .isEqualTo(200);

    Answer erased = stack.admin().delete("/api/elders/" + gone + "/personal-data?confirm=E-care-radar-e");

    assertThat(erased.status()).as(erased.body()).isLessThan(300);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM elder_safe_zone WHERE elder_id = ?", gone)).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM care_visit WHERE elder_id = ? AND findings = '—'"
        + " AND next_action IS NULL", gone)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM care_work_order WHERE elder_id = ?"
        + " AND description = '—'", gone)).isEqualTo(1);
  }

  private JsonObject visit(long elderId) {
    return new JsonObject().put("elderId", elderId).put("mode", "HOME_VISIT")
        .put("visitedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(30).toString())
        .put("findings", "精神好，饮食正常。");
  }

  private static JsonObject order(long elderId) {
    return new JsonObject().put("elderId", elderId).put("kind", "REPAIR").put("description", "厨房水龙头漏水。");
  }

  private long audits() throws Exception {
    return TestRegistry.count(db, "SELECT count(*) FROM access_audit");
  }
}
