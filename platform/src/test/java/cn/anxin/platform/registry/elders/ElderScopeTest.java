package cn.anxin.platform.registry.elders;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who sees which elder: staff their sites' elders, family members their own, the bureau every elder
 * without changing any; anything outside answers exactly like an elder that does not exist. Every
 * read leaves an access-audit row.
 */
class ElderScopeTest extends OnRunningStack {

  private long lucheng;
  private long donggua;
  private long mine;
  private long theirs;
  private long theirContact;
  private ApiClient admin;

  @BeforeAll
  void registry() throws Exception {
    lucheng = ElderFixtures.site(db, "鹿城镇范围中心");
    donggua = ElderFixtures.site(db, "东瓜镇范围站");
    admin = stack.admin();
    mine = ElderFixtures.elder(admin, "范围甲", lucheng);
    theirs = ElderFixtures.elder(admin, "范围乙", donggua);
    theirContact = admin.post("/api/elders/" + theirs + "/contacts",
        new JsonObject().put("name", "杨建华").put("relation", "儿子")).json().getLong("id");
    TestAccounts.create(db, "scope.lucheng", Role.STAFF, lucheng);
    TestAccounts.create(db, "scope.supervisor", Role.SUPERVISOR, lucheng);
    TestAccounts.create(db, "scope.bureau", Role.BUREAU);
    TestAccounts.family(db, "scope.family", mine);
  }

  @Test
  void givenStaffOfAnotherSite_whenTheyTouchAnElderOfDonggua_thenEveryOperationAnswersAsForAMissingElder() {
    ApiClient staff = stack.signIn("scope.lucheng");
    long missing = 987_654_321L;

    for (long id : new long[] {theirs, missing}) {
      String base = "/api/elders/" + id;
      assertNotFound(staff.get(base));
      assertNotFound(staff.get(base + "/assessments"));
      assertNotFound(staff.post(base + "/assessments", new JsonObject()
          .put("score", 50).put("assessedOn", "2025-01-10").put("assessor", "某")));
      assertNotFound(staff.get(base + "/status-periods"));
      assertNotFound(staff.post(base + "/status-periods",
          new JsonObject().put("status", "AWAY").put("fromDate", "2025-01-10")));
      assertNotFound(staff.get(base + "/contacts"));
      assertNotFound(staff.post(base + "/contacts", new JsonObject().put("name", "某").put("relation", "某")));
      assertNotFound(staff.patch(base + "/contacts/" + theirContact, new JsonObject().put("priority", 2)));
      assertNotFound(staff.delete(base + "/contacts/" + theirContact));
      assertNotFound(staff.get(base + "/consents"));
      assertNotFound(staff.post(base + "/consents", new JsonObject()
          .put("purpose", "LOCATION").put("granted", true).put("method", "WRITTEN")));
    }
    ApiClient.Answer patchTheirs = staff.patch("/api/elders/" + theirs, new JsonObject().put("riskTier", "KEY"));
    ApiClient.Answer patchMine = staff.patch("/api/elders/" + mine, new JsonObject().put("riskTier", "KEY"));
    assertThat(patchTheirs.status()).as("changing an elder is for administrators: the same refusal for any elder")
        .isEqualTo(patchMine.status()).isEqualTo(403);
    assertThat(patchTheirs.json().getString("detail")).isEqualTo(patchMine.json().getString("detail"));
    assertThat(staff.get("/api/elders?siteId=" + donggua).json().getLong("total")).isZero();
    assertThat(stack.signIn("scope.supervisor").get("/api/elders/" + theirs).status()).isEqualTo(404);
    assertThat(admin.get("/api/elders/" + theirs + "/contacts").array()).hasSize(1);
    assertThat(admin.get("/api/elders/" + theirs + "/assessments").array()).isEmpty();
  }

  @Test
  void givenStaffOfLucheng_whenTheyListElders_thenOnlyTheirSitesEldersAndOneAuditRowNamingThem() throws Exception {
    ApiClient staff = stack.signIn("scope.lucheng");

    ApiClient.Answer list = staff.get("/api/elders");

    assertThat(list.status()).isEqualTo(200);
    assertThat(ids(list)).containsExactly(mine);
    assertThat(list.json().getLong("total")).isEqualTo(1);
    assertThat(auditedElders("scope.lucheng", "ELDER_LIST")).containsExactly(List.of(mine));
  }

  @Test
  void givenAFamilyMember_whenTheyRead_thenOnlyTheirOwnElder() {
    ApiClient family = stack.signIn("scope.family");

    assertThat(ids(family.get("/api/elders"))).containsExactly(mine);
    assertThat(family.get("/api/elders/" + mine).status()).isEqualTo(200);
    assertThat(family.get("/api/elders/" + mine + "/assessments").status()).isEqualTo(200);
    assertThat(family.get("/api/elders/" + theirs).status()).isEqualTo(404);
    assertThat(family.get("/api/elders/" + theirs + "/status-periods").status()).isEqualTo(404);
    assertThat(family.post("/api/elders/" + mine + "/assessments", new JsonObject()
        .put("score", 50).put("assessedOn", "2025-01-10").put("assessor", "某")).status()).isEqualTo(403);
  }

  @Test
  void givenTheBureau_whenTheyReadAndTryToWrite_thenTheyReadEveryElderButEveryWriteIsForbidden() {
    ApiClient bureau = stack.signIn("scope.bureau");
    String base = "/api/elders/" + theirs;

    assertThat(ids(bureau.get("/api/elders"))).contains(mine, theirs);
    assertThat(bureau.get(base).status()).isEqualTo(200);
    assertThat(bureau.get(base + "/contacts").status()).isEqualTo(200);
    assertThat(bureau.get(base + "/consents").status()).isEqualTo(200);
    assertThat(bureau.post("/api/elders", ElderFixtures.body("某", ElderFixtures.idCard("19400101", "M"), lucheng))
        .status()).isEqualTo(403);
    assertThat(bureau.post(base + "/assessments", new JsonObject()
        .put("score", 50).put("assessedOn", "2025-01-10").put("assessor", "某")).status()).isEqualTo(403);
    assertThat(bureau.post(base + "/status-periods",
        new JsonObject().put("status", "AWAY").put("fromDate", "2025-01-10")).status()).isEqualTo(403);
    assertThat(bureau.post(base + "/contacts", new JsonObject().put("name", "某").put("relation", "某")).status())
        .isEqualTo(403);
    assertThat(bureau.post(base + "/consents", new JsonObject()
        .put("purpose", "LOCATION").put("granted", true).put("method", "WRITTEN")).status()).isEqualTo(403);
    assertThat(bureau.delete(base + "/contacts/" + theirContact).status()).isEqualTo(403);
  }

  @Test
  void givenADetailRead_whenItAnswers_thenOneAuditRowNamesTheElderTheFieldsAndThePurpose() throws Exception {
    ApiClient supervisor = stack.signIn("scope.supervisor");
    long before = TestRegistry.count(db,
        "SELECT count(*) FROM access_audit WHERE action = 'ELDER_READ' AND ? = ANY (elder_ids)", mine);

    assertThat(supervisor.get("/api/elders/" + mine).status()).isEqualTo(200);
    assertThat(supervisor.send("GET", "/api/elders/" + mine, null, null).status()).isEqualTo(200);

    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM access_audit WHERE action = 'ELDER_READ' AND ? = ANY (elder_ids)", mine))
        .isEqualTo(before + 2);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit a JOIN account u ON u.id = a.account_id"
        + " WHERE u.username = 'scope.supervisor' AND a.action = 'ELDER_READ' AND a.elder_ids = ARRAY[?]::bigint[]"
        + " AND a.purpose = 'care' AND a.role = 'SUPERVISOR' AND 'name' = ANY (a.fields)"
        + " AND 'contacts' = ANY (a.fields) AND NOT 'idCard' = ANY (a.fields)", mine)).isEqualTo(2);
  }

  private static void assertNotFound(ApiClient.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(404);
    assertThat(answer.json().getString("code")).isEqualTo("problem.not-found");
  }

  private static List<Long> ids(ApiClient.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  private List<List<Long>> auditedElders(String username, String action) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT a.elder_ids FROM access_audit a"
            + " JOIN account u ON u.id = a.account_id WHERE u.username = ? AND a.action = ? ORDER BY a.id")) {
      s.setString(1, username);
      s.setString(2, action);
      try (ResultSet r = s.executeQuery()) {
        List<List<Long>> rows = new java.util.ArrayList<>();
        while (r.next()) {
          Array ids = r.getArray(1);
          rows.add(Arrays.stream((Long[]) ids.getArray()).toList());
        }
        return rows;
      }
    }
  }
}
