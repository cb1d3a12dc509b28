package cn.anxin.platform.registry.accounts;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/accounts} and {@code PUT /api/me/password} over real HTTP, sessions included. */
class AccountApiTest extends OnRunningStack {

  private long siteA;
  private long siteB;

  @BeforeAll
  void sites() throws Exception {
    siteA = site("ACC-SITE-A");
    siteB = site("ACC-SITE-B");
  }

  @Test
  void givenAnAdministrator_whenCreatingAndReadingAStaffAccount_thenNoPasswordOrHashIsEverAnswered() {
    ApiClient admin = stack.admin();

    Answer created = admin.post("/api/accounts", staff("zhao.staff", siteA, siteB)
        .put("phone", "13900001111").put("email", "zhao@example.cn").put("locale", "en"));
    long id = created.json().getLong("id");
    Answer read = admin.get("/api/accounts/" + id);
    Answer list = admin.get("/api/accounts?role=STAFF&siteId=" + siteB + "&enabled=true");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/accounts/" + id);
    assertThat(read.json().getString("username")).isEqualTo("zhao.staff");
    assertThat(read.json().getString("role")).isEqualTo("STAFF");
    assertThat(read.json().getJsonArray("siteIds")).isEqualTo(new JsonArray(List.of(siteA, siteB)));
    assertThat(read.json().getString("locale")).isEqualTo("en");
    assertThat(read.json().getString("email")).isEqualTo("zhao@example.cn");
    assertThat(read.json().fieldNames()).noneMatch(f -> f.toLowerCase().contains("password") && !f.equals("passwordChangedAt"));
    for (Answer a : List.of(created, read, list)) {
      assertThat(a.body()).doesNotContain("argon2").doesNotContain(TestAccounts.PASSWORD);
    }
    assertThat(usernames(list)).containsExactly("zhao.staff");
    assertThat(stack.anonymous().post("/api/session", new JsonObject().put("username", "zhao.staff")
        .put("password", TestAccounts.PASSWORD)).status()).isEqualTo(201);
  }

  @Test
  void givenATakenUsernameInAnyCase_whenCreating_then409() {
    ApiClient admin = stack.admin();
    admin.post("/api/accounts", staff("qian.staff", siteA));

    Answer same = admin.post("/api/accounts", staff("qian.staff", siteA));
    Answer upper = admin.inLanguage("en").post("/api/accounts", staff("QIAN.staff", siteA));

    assertThat(same.status()).isEqualTo(409);
    assertThat(same.json().getString("code")).isEqualTo("account.username-taken");
    assertThat(same.json().getString("detail")).isEqualTo("用户名 qian.staff 已被使用（不区分大小写）。");
    assertThat(upper.status()).isEqualTo(409);
    assertThat(upper.json().getString("detail")).isEqualTo("Username QIAN.staff is taken (letter case does not matter).");
  }

  @Test
  void givenSitesThatDoNotFitTheRoleOrAShortPassword_whenCreating_thenFieldErrors() throws Exception {
    ApiClient admin = stack.admin().inLanguage("en");

    Answer staffWithout = admin.post("/api/accounts", staff("sun.staff").put("siteIds", new JsonArray()));
    Answer bureauWith = admin.post("/api/accounts", new JsonObject().put("username", "sun.bureau")
        .put("displayName", "孙").put("role", "BUREAU").put("password", TestAccounts.PASSWORD)
        .put("siteIds", new JsonArray().add(siteA)));
    Answer unknownSite = admin.post("/api/accounts", staff("sun.lost", siteA, 999999L));
    Answer shortPassword = admin.post("/api/accounts", staff("sun.short", siteA).put("password", "123456789"));

    assertThat(staffWithout.errorOn("/body/siteIds").getString("message"))
        .isEqualTo("Staff and supervisor accounts need at least one site.");
    assertThat(bureauWith.errorOn("/body/siteIds").getString("message"))
        .isEqualTo("Accounts with role BUREAU cannot have sites.");
    assertThat(unknownSite.errorOn("/body/siteIds/1").getString("code")).isEqualTo("account.site-unknown");
    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.codesOn("/body/password")).contains("field.range");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM account WHERE username LIKE 'sun.%'")).isZero();
  }

  @Test
  void givenASignedInAccount_whenAnAdministratorDisablesIt_thenItsTokenIsRefusedAt401() throws Exception {
    long id = TestAccounts.create(db, "zhou.staff", Role.STAFF, siteA);
    ApiClient zhou = stack.signIn("zhou.staff");
    assertThat(zhou.get("/api/me").status()).isEqualTo(200);
    assertThat(stack.admin().get("/api/accounts/" + id).json().getLong("activeSessions")).isEqualTo(1);

    Answer disabled = stack.admin().patch("/api/accounts/" + id, new JsonObject().put("enabled", false));

    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().getBoolean("enabled")).isFalse();
    assertThat(disabled.json().getLong("activeSessions")).isZero();
    assertThat(zhou.get("/api/me").status()).isEqualTo(401);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM login_session WHERE account_id = ? AND revoked_at IS NULL", id))
        .isZero();
    assertThat(stack.anonymous().post("/api/session", new JsonObject().put("username", "zhou.staff")
        .put("password", TestAccounts.PASSWORD)).status()).isEqualTo(401);
  }

  @Test
  void givenASignedInAccount_whenAnAdministratorResetsItsPassword_thenOldTokenIs401AndTheNewPasswordSignsIn()
      throws Exception {
    long id = TestAccounts.create(db, "wu.lead", Role.SUPERVISOR, siteA);
    ApiClient wu = stack.signIn("wu.lead");

    Answer reset = stack.admin().patch("/api/accounts/" + id, new JsonObject()
        .put("password", "a-fresh-password").put("siteIds", new JsonArray().add(siteB)).put("displayName", "吴主管"));

    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.json().getJsonArray("siteIds")).isEqualTo(new JsonArray().add(siteB));
    assertThat(reset.json().getString("displayName")).isEqualTo("吴主管");
    assertThat(wu.get("/api/me").status()).isEqualTo(401);
    assertThat(signIn("wu.lead", TestAccounts.PASSWORD).status()).isEqualTo(401);
    Answer fresh = signIn("wu.lead", "a-fresh-password");
    assertThat(fresh.status()).isEqualTo(201);
    assertThat(fresh.json().getJsonObject("account").getJsonArray("siteIds")).isEqualTo(new JsonArray().add(siteB));
  }

  @Test
  void givenAPatchThatBreaksTheRoleRules_whenApplied_thenFieldErrorsAndNothingChanges() throws Exception {
    long staffId = TestAccounts.create(db, "zheng.staff", Role.STAFF, siteA);
    long admin = TestRegistry.count(db, "SELECT id FROM account WHERE username = 'stack-admin'");

    Answer noSites = stack.admin().patch("/api/accounts/" + staffId, new JsonObject().put("siteIds", new JsonArray()));
    Answer self = stack.admin().patch("/api/accounts/" + admin, new JsonObject().put("enabled", false));
    Answer role = stack.admin().patch("/api/accounts/" + staffId, new JsonObject().put("role", "ADMIN"));
    Answer missing = stack.admin().patch("/api/accounts/999999", new JsonObject().put("enabled", false));

    assertThat(noSites.errorOn("/body/siteIds").getString("code")).isEqualTo("account.sites-required");
    assertThat(self.errorOn("/body/enabled").getString("message")).isEqualTo("不能停用自己正在使用的账号。");
    assertThat(role.status()).isEqualTo(400);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(stack.admin().get("/api/accounts/" + staffId).json().getJsonArray("siteIds"))
        .isEqualTo(new JsonArray().add(siteA));
  }

  @Test
  void givenTwoSessions_whenChangingOwnPassword_thenThisSessionStaysAndTheOtherIs401() throws Exception {
    TestAccounts.create(db, "feng.staff", Role.STAFF, siteA);
    ApiClient here = stack.signIn("feng.staff");
    ApiClient elsewhere = stack.signIn("feng.staff");

    Answer wrong = here.inLanguage("en").put("/api/me/password", new JsonObject()
        .put("currentPassword", "not-my-password").put("newPassword", "my-new-password-1"));
    Answer unchanged = here.put("/api/me/password", new JsonObject()
        .put("currentPassword", TestAccounts.PASSWORD).put("newPassword", TestAccounts.PASSWORD));
    Answer changed = here.put("/api/me/password", new JsonObject()
        .put("currentPassword", TestAccounts.PASSWORD).put("newPassword", "my-new-password-1"));

    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.errorOn("/body/currentPassword").getString("message")).isEqualTo("The current password is wrong.");
    assertThat(unchanged.errorOn("/body/newPassword").getString("code")).isEqualTo("account.password-unchanged");
    assertThat(changed.status()).isEqualTo(204);
    assertThat(here.get("/api/me").status()).isEqualTo(200);
    assertThat(elsewhere.get("/api/me").status()).isEqualTo(401);
    assertThat(signIn("feng.staff", TestAccounts.PASSWORD).status()).isEqualTo(401);
    assertThat(signIn("feng.staff", "my-new-password-1").status()).isEqualTo(201);
  }

  @Test
  void givenRepeatedWrongCurrentPasswords_whenChangingOwnPassword_thenItIsThrottledLikeSignIn() throws Exception {
    TestAccounts.create(db, "chen.staff", Role.STAFF, siteA);
    ApiClient chen = stack.signIn("chen.staff");
    for (int i = 0; i < 5; i++) {
      chen.put("/api/me/password", new JsonObject().put("currentPassword", "guess-" + i)
          .put("newPassword", "my-new-password-2"));
    }

    Answer throttled = chen.put("/api/me/password", new JsonObject()
        .put("currentPassword", TestAccounts.PASSWORD).put("newPassword", "my-new-password-2"));

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(signIn("chen.staff", TestAccounts.PASSWORD).status())
        .as("the same counter guards the front door").isEqualTo(429);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM account WHERE username = 'chen.staff'"
        + " AND password_changed_at = created_at")).isEqualTo(1);
  }

  @Test
  void givenANonAdministrator_whenUsingAccounts_then403() throws Exception {
    TestAccounts.create(db, "jiang.bureau", Role.BUREAU);
    ApiClient bureau = stack.signIn("jiang.bureau");

    assertThat(bureau.get("/api/accounts").status()).isEqualTo(403);
    assertThat(bureau.post("/api/accounts", staff("jiang.new", siteA)).status()).isEqualTo(403);
  }

  private Answer signIn(String username, String password) {
    return stack.anonymous().post("/api/session", new JsonObject().put("username", username).put("password", password));
  }

  private static JsonObject staff(String username, Long... sites) {
    return new JsonObject().put("username", username).put("displayName", "员工 " + username).put("role", "STAFF")
        .put("password", TestAccounts.PASSWORD).put("siteIds", new JsonArray(List.of(sites)));
  }

  private long site(String code) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO site (code, name, kind) VALUES (?, ?, 'COMMUNITY') RETURNING id")) {
      s.setString(1, code);
      s.setString(2, "社区站 " + code);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }



  private static List<String> usernames(Answer a) {
    return a.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("username")).toList();
  }
}
