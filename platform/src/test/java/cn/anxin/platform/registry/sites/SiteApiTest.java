package cn.anxin.platform.registry.sites;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /api/sites} over real HTTP on a real database: writes, validation, scope. */
class SiteApiTest extends OnRunningStack {

  @Test
  void givenAnAdministrator_whenASiteIsCreatedReadAndPatched_thenEachAnswerShowsTheSiteAsStored() {
    ApiClient admin = stack.admin();

    Answer created = admin.post("/api/sites", institution("CX-INST-001", 120, 70)
        .put("address", "楚雄市鹿城镇永安路 8 号").put("ownerOrg", "楚雄市民政局").put("phone", "0878-3123456"));
    long id = created.json().getLong("id");
    Answer read = admin.get("/api/sites/" + id);
    Answer patched = admin.patch("/api/sites/" + id, new JsonObject()
        .put("name", "楚雄市第一养老院").put("location", new JsonObject().put("lon", 101.5).put("lat", 25.0))
        .putNull("phone"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/sites/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getString("kind")).isEqualTo("INSTITUTION");
    assertThat(read.json().getInteger("nursingBeds")).isEqualTo(70);
    assertThat(read.json().getString("areaCode")).isEqualTo("532301");
    assertThat(read.json().getJsonObject("counts")).isEqualTo(
        new JsonObject().put("elders", 0).put("devices", 0).put("staff", 0));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().getString("name")).isEqualTo("楚雄市第一养老院");
    assertThat(patched.json().getJsonObject("location")).isEqualTo(new JsonObject().put("lon", 101.5).put("lat", 25.0));
    assertThat(patched.json().getString("phone")).isNull();
    assertThat(patched.json().getString("ownerOrg")).isEqualTo("楚雄市民政局");
    assertThat(admin.get("/api/sites/" + id).json().getString("name")).isEqualTo("楚雄市第一养老院");
  }

  @Test
  void givenMoreNursingBedsThanBeds_whenCreating_thenFieldErrorOnNursingBedsInChineseAndEnglish() {
    JsonObject site = institution("CX-INST-BAD", 50, 60);

    Answer zh = stack.admin().post("/api/sites", site);
    Answer en = stack.admin().inLanguage("en").post("/api/sites", site);

    assertThat(zh.status()).isEqualTo(400);
    assertThat(zh.isProblem()).isTrue();
    assertThat(zh.errorOn("/body/nursingBeds").getString("code")).isEqualTo("site.nursing-beds-over-beds");
    assertThat(zh.errorOn("/body/nursingBeds").getString("message")).isEqualTo("护理型床位（60）不能多于总床位（50）。");
    assertThat(en.status()).isEqualTo(400);
    assertThat(en.errorOn("/body/nursingBeds").getString("message"))
        .isEqualTo("Nursing-type beds (60) cannot exceed the beds (50).");
    assertThat(en.json().getString("detail")).isEqualTo("Some fields of the request are not acceptable; see errors.");
    assertThat(stack.admin().get("/api/sites?area=532301").json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("code"))).doesNotContain("CX-INST-BAD");
  }

  @Test
  void givenBadFieldsAndAnUnknownOne_whenCreating_thenEachIsNamedByItsPointer() {
    Answer en = stack.admin().inLanguage("en").post("/api/sites", new JsonObject()
        .put("code", "-bad code").put("name", "x").put("kind", "HOSPITAL").put("areaCode", "5323011")
        .put("colour", "red"));

    assertThat(en.status()).isEqualTo(400);
    assertThat(errors(en)).anySatisfy(e -> assertThat(e).isEqualTo(new JsonObject().put("field", "/body/code")
        .put("code", "field.format").put("message", "Not in the expected format.")));
    assertThat(errors(en)).anySatisfy(e -> assertThat(e).isEqualTo(new JsonObject().put("field", "/body/kind")
        .put("code", "field.enum").put("message", "Not one of the allowed values.")));
    assertThat(errors(en)).anySatisfy(e -> assertThat(e).isEqualTo(new JsonObject().put("field", "/body/areaCode")
        .put("code", "field.format").put("message", "Not in the expected format.")));
    assertThat(errors(en)).anySatisfy(e -> {
      assertThat(e.getString("field")).startsWith("/body/colour");
      assertThat(e.getString("message")).isEqualTo("Unknown field.");
    });
  }

  @Test
  void givenNursingBedsAtADayCareCentre_whenCreating_thenTheyAreRefusedAsInstitutionOnly() {
    Answer zh = stack.admin().post("/api/sites", new JsonObject().put("code", "CX-DC-NB").put("name", "日照中心")
        .put("kind", "DAY_CARE").put("beds", 10).put("nursingBeds", 2));
    Answer meals = stack.admin().post("/api/sites", new JsonObject().put("code", "CX-MEAL-B").put("name", "幸福食堂")
        .put("kind", "MEAL_STATION").put("beds", 4));

    assertThat(zh.status()).isEqualTo(400);
    assertThat(zh.errorOn("/body/nursingBeds").getString("message")).isEqualTo("护理型床位只适用于养老机构。");
    assertThat(meals.errorOn("/body/beds").getString("code")).isEqualTo("site.beds-not-applicable");
  }

  @Test
  void givenAnInstitution_whenAPatchWouldLeaveNursingBedsAboveBeds_thenItIsRefusedAndNothingChanges() {
    ApiClient admin = stack.admin();
    long id = admin.post("/api/sites", institution("CX-INST-PATCH", 100, 60)).json().getLong("id");

    Answer fewer = admin.patch("/api/sites/" + id, new JsonObject().put("beds", 40));
    Answer cleared = admin.patch("/api/sites/" + id, new JsonObject().putNull("beds"));
    Answer both = admin.patch("/api/sites/" + id, new JsonObject().put("beds", 40).put("nursingBeds", 20));

    assertThat(fewer.status()).isEqualTo(400);
    assertThat(fewer.errorOn("/body/nursingBeds").getString("code")).isEqualTo("site.nursing-beds-over-beds");
    assertThat(cleared.errorOn("/body/nursingBeds").getString("code")).isEqualTo("site.nursing-beds-without-beds");
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.json().getInteger("beds")).isEqualTo(40);
    assertThat(both.json().getInteger("nursingBeds")).isEqualTo(20);
  }

  @Test
  void givenATakenCode_whenCreatingOrRenaming_thenConflict409() {
    ApiClient admin = stack.admin();
    admin.post("/api/sites", institution("CX-DUP-1", 10, 5));
    long other = admin.post("/api/sites", institution("CX-DUP-2", 10, 5)).json().getLong("id");

    Answer again = admin.post("/api/sites", institution("CX-DUP-1", 20, 5));
    Answer renamed = admin.inLanguage("en").patch("/api/sites/" + other, new JsonObject().put("code", "CX-DUP-1"));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("code")).isEqualTo("site.code-taken");
    assertThat(again.json().getString("detail")).isEqualTo("编码为 CX-DUP-1 的站点已存在。");
    assertThat(renamed.status()).isEqualTo(409);
    assertThat(renamed.json().getString("detail")).isEqualTo("A site with code CX-DUP-1 already exists.");
  }

  @Test
  void givenStaffOfOneSite_whenReadingSites_thenOthersAreAbsentFromListsAnd404LikeNonExistent() throws Exception {
    ApiClient admin = stack.admin();
    long mine = admin.post("/api/sites", dayCare("CX-SCOPE-A", "532301001")).json().getLong("id");
    long theirs = admin.post("/api/sites", dayCare("CX-SCOPE-B", "532301002")).json().getLong("id");
    TestAccounts.create(db, "scope.site.staff", Role.STAFF, mine);
    ApiClient staff = stack.signIn("scope.site.staff");

    Answer list = staff.get("/api/sites");
    Answer other = staff.get("/api/sites/" + theirs);
    Answer missing = staff.get("/api/sites/999999");
    Answer own = staff.get("/api/sites/" + mine);

    assertThat(list.status()).isEqualTo(200);
    assertThat(ids(list)).containsExactly(mine);
    assertThat(list.json().getLong("total")).isEqualTo(1);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().copy().put("instance", "")).isEqualTo(missing.json().copy().put("instance", ""));
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getJsonObject("counts").getLong("staff")).isEqualTo(1);
    assertThat(staff.patch("/api/sites/" + mine, new JsonObject().put("name", "x")).status()).isEqualTo(403);
  }

  @Test
  void givenTheBureau_whenItTriesToCreateASite_then403ButItReadsEverySite() throws Exception {
    ApiClient admin = stack.admin();
    admin.post("/api/sites", dayCare("CX-BUREAU-1", "532322001"));
    TestAccounts.create(db, "bureau.sites", Role.BUREAU);
    ApiClient bureau = stack.signIn("bureau.sites");

    Answer refused = bureau.post("/api/sites", dayCare("CX-BUREAU-2", "532322002"));
    Answer all = bureau.get("/api/sites?limit=500");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().getString("code")).isEqualTo("problem.forbidden");
    assertThat(all.json().getLong("total")).isEqualTo(admin.get("/api/sites").json().getLong("total"));
  }

  @Test
  void givenSitesOfSeveralKindsAreasAndStates_whenFiltering_thenOnlyMatchesAreListedAndPaged() {
    ApiClient admin = stack.admin();
    admin.post("/api/sites", dayCare("FLT-1", "532324100001"));
    admin.post("/api/sites", dayCare("FLT-2", "532324100002"));
    admin.post("/api/sites", dayCare("FLT-3", "532324200001").put("active", false));
    admin.post("/api/sites", new JsonObject().put("code", "FLT-4").put("name", "食堂").put("kind", "MEAL_STATION")
        .put("areaCode", "532324100003"));

    Answer area = admin.get("/api/sites?area=5323241");
    Answer dayCareInArea = admin.get("/api/sites?area=532324&kind=DAY_CARE&active=true");
    Answer paged = admin.get("/api/sites?area=532324&limit=2&offset=2");
    Answer badArea = admin.get("/api/sites?area=53x");

    assertThat(codes(area)).containsExactly("FLT-1", "FLT-2", "FLT-4");
    assertThat(codes(dayCareInArea)).containsExactly("FLT-1", "FLT-2");
    assertThat(codes(paged)).containsExactly("FLT-3", "FLT-4");
    assertThat(paged.json().getLong("total")).isEqualTo(4);
    assertThat(badArea.status()).isEqualTo(400);
    assertThat(errors(badArea)).containsExactly(new JsonObject().put("field", "/query/area")
        .put("code", "field.format").put("message", "格式不正确。"));
  }

  @Test
  void givenASiteWithAnElderADeviceAndStaff_whenReadAlone_thenItsCountsSayHowManyOfEach() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "杨秀英", "radar-site-counts", "secret-x");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    TestAccounts.create(db, "counts.staff", Role.STAFF, site);
    TestAccounts.create(db, "counts.lead", Role.SUPERVISOR, site);

    JsonObject counts = stack.admin().get("/api/sites/" + site).json().getJsonObject("counts");

    assertThat(counts).isEqualTo(new JsonObject().put("elders", 1).put("devices", 1).put("staff", 2));
  }

  @Test
  void givenAFamilyMember_whenListingSites_thenOnlyTheirEldersSiteIsThere() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "何桂芳", "radar-site-family", "secret-y");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    TestAccounts.family(db, "family.sites", elder);

    Answer list = stack.signIn("family.sites").get("/api/sites");

    assertThat(ids(list)).containsExactly(site);
  }

  private static JsonObject institution(String code, int beds, int nursingBeds) {
    return new JsonObject().put("code", code).put("name", "养老院 " + code).put("kind", "INSTITUTION")
        .put("areaCode", "532301").put("beds", beds).put("nursingBeds", nursingBeds);
  }

  private static JsonObject dayCare(String code, String area) {
    return new JsonObject().put("code", code).put("name", "日间照料中心 " + code).put("kind", "DAY_CARE")
        .put("areaCode", area).put("beds", 8);
  }


  private static List<JsonObject> errors(Answer a) {
    return a.json().getJsonArray("errors").stream().map(JsonObject.class::cast).toList();
  }

  private static List<Long> ids(Answer a) {
    JsonArray items = a.json().getJsonArray("items");
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  private static List<String> codes(Answer a) {
    return a.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("code")).toList();
  }
}
