package cn.anxin.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/audit} over real HTTP: filters, order, paging, who may read it. */
class AccessAuditApiTest extends OnRunningStack {

  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private long nurse;
  private long doctor;

  @BeforeAll
  void auditRows() throws Exception {
    nurse = TestAccounts.create(db, "audit.nurse", Role.STAFF);
    doctor = TestAccounts.create(db, "audit.doctor", Role.SUPERVISOR);
    TestAccounts.create(db, "audit.bureau", Role.BUREAU);
    long elder = TestRegistry.elderWithRadar(db, "孙玉兰", "radar-audit", "secret");
    TestAccounts.family(db, "audit.family", elder);
    row(nurse, "STAFF", "ELDER_READ", "{101}", T0.plusSeconds(60));
    row(nurse, "STAFF", "ELDER_LIST", "{101,102,103}", T0.plusSeconds(120));
    row(doctor, "SUPERVISOR", "ELDER_READ", "{102}", T0.plusSeconds(180));
    row(doctor, "SUPERVISOR", "MAP", "{101,103}", T0.plusSeconds(240));
    row(nurse, "STAFF", "ELDER_READ", "{103}", T0.plusSeconds(300));
  }

  private void row(long account, String role, String action, String elders, Instant at) throws Exception {
    TestElders.execute(db, "INSERT INTO access_audit (at, account_id, role, action, elder_ids, fields, purpose,"
        + " client_ip) VALUES (?, ?, ?, ?, ?::bigint[], '{name,idCard}', 'CARE', '10.0.0.7')",
        Timestamp.from(at), account, role, action, elders);
  }

  @Test
  void givenRowsOfTwoAccounts_whenFilteredByElder_thenOnlyRowsContainingThatElderComeNewestFirst() {
    Answer answer = stack.admin().get("/api/audit?elderId=101");

    assertThat(answer.status()).isEqualTo(200);
    JsonArray rows = answer.array();
    assertThat(actions(rows)).containsExactly("MAP", "ELDER_LIST", "ELDER_READ");
    JsonObject newest = rows.getJsonObject(0);
    assertThat(newest.getString("at")).isEqualTo(T0.plusSeconds(240).toString());
    assertThat(newest.getJsonObject("account").getLong("id")).isEqualTo(doctor);
    assertThat(newest.getJsonObject("account").getString("username")).isEqualTo("audit.doctor");
    assertThat(newest.getJsonObject("account").getString("role")).isEqualTo("SUPERVISOR");
    assertThat(newest.getJsonArray("elderIds").getList()).containsExactly(101, 103);
    assertThat(newest.getJsonArray("fields").getList()).containsExactly("name", "idCard");
    assertThat(newest.getString("purpose")).isEqualTo("CARE");
    assertThat(newest.getString("clientIp")).isEqualTo("10.0.0.7");
  }

  @Test
  void givenRows_whenFilteredByAccountActionAndTimeWindow_thenTheFiltersCombine() {
    String window = "&from=" + T0.plusSeconds(60) + "&to=" + T0.plusSeconds(300);

    Answer byAccount = stack.admin().get("/api/audit?accountId=" + nurse);
    Answer byAction = stack.admin().get("/api/audit?action=ELDER_READ");
    Answer combined = stack.admin().get("/api/audit?accountId=" + nurse + "&action=ELDER_READ" + window);
    Answer paged = stack.admin().get("/api/audit?accountId=" + nurse + "&limit=1&offset=1");

    assertThat(actions(byAccount.array())).containsExactly("ELDER_READ", "ELDER_LIST", "ELDER_READ");
    assertThat(byAction.array()).hasSize(3);
    assertThat(combined.array()).hasSize(1);
    assertThat(combined.array().getJsonObject(0).getString("at")).isEqualTo(T0.plusSeconds(60).toString());
    assertThat(actions(paged.array())).containsExactly("ELDER_LIST");
  }

  @Test
  void givenTheBureau_whenItReadsTheAudit_thenItMayAndTheReadIsNotItselfAudited() throws Exception {
    long before = TestRegistry.count(db, "SELECT count(*) FROM access_audit");

    Answer answer = stack.signIn("audit.bureau").get("/api/audit?limit=2");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.array()).hasSize(2);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit")).isEqualTo(before);
  }

  @Test
  void givenStaffOrFamily_whenTheyReadTheAudit_thenTheyAreRefused() {
    for (String user : List.of("audit.nurse", "audit.family")) {
      Answer answer = stack.signIn(user).get("/api/audit");

      assertThat(answer.status()).as(user).isEqualTo(403);
      assertThat(answer.isProblem()).isTrue();
    }
  }

  @Test
  void givenAnEndBeforeTheStartOrABadAction_whenTheAuditIsRead_thenFieldErrorsAnswer400() {
    Answer range = stack.admin().inLanguage("en")
        .get("/api/audit?from=" + T0.plusSeconds(300) + "&to=" + T0.plusSeconds(60));
    Answer action = stack.admin().get("/api/audit?action=drop%20table");

    assertThat(range.status()).isEqualTo(400);
    assertThat(range.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/query/to");
    assertThat(range.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("The end must be after the start.");
    assertThat(action.status()).isEqualTo(400);
    // The framework names the parameter only as "/query/" for schema errors of query parameters.
    assertThat(action.json().getJsonArray("errors").getJsonObject(0).getString("field")).startsWith("/query/");
    assertThat(action.json().getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("field.format");
  }

  private static List<String> actions(JsonArray rows) {
    return rows.stream().map(r -> ((JsonObject) r).getString("action")).toList();
  }
}
