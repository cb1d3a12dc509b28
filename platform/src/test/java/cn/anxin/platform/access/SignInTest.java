package cn.anxin.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Signing in and out over real HTTP: tokens, cookies, refusals that reveal nothing, brute-force limits. */
class SignInTest extends OnRunningStack {

  @Test
  void givenAStaffAccount_whenItSignsIn_thenItGetsATokenACookieAndItsScope() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "赵淑珍", "radar-signin", "secret");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    TestAccounts.create(db, "wang.staff", Role.STAFF, site);

    Answer answer = stack.anonymous().post("/api/session",
        new JsonObject().put("username", "wang.staff").put("password", TestAccounts.PASSWORD));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().getString("token")).hasSizeGreaterThan(40);
    assertThat(answer.json().getJsonObject("account").getString("role")).isEqualTo("STAFF");
    assertThat(answer.json().getJsonObject("account").getJsonArray("siteIds").getList()).containsExactly((int) site);
    assertThat(answer.headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith("anxin_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict"));
    ApiClient me = stack.anonymous().withToken(answer.json().getString("token"));
    assertThat(me.get("/api/me").json().getString("username")).isEqualTo("wang.staff");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM login_session WHERE token_hash = sha256(?::bytea)",
        answer.json().getString("token"))).isEqualTo(1);
  }

  @Test
  void givenNoOrAForgedToken_whenTheApiIsCalled_thenItAnswers401WithAProblemInTheAskedLanguage() {
    Answer none = stack.anonymous().get("/api/alerts");
    Answer forged = stack.anonymous().withToken("x".repeat(43)).inLanguage("en").get("/api/alerts");

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.isProblem()).isTrue();
    assertThat(none.json().getString("detail")).isEqualTo("请先登录。");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().getString("detail")).isEqualTo("Please sign in first.");
  }

  @Test
  void givenAWrongPasswordAnUnknownUserAndADisabledAccount_whenTheySignIn_thenAllGetTheSameAnswer() throws Exception {
    TestAccounts.create(db, "liu.staff", Role.STAFF);
    TestAccounts.create(db, "off.staff", Role.STAFF);
    try (var c = db.getConnection(); var s = c.createStatement()) {
      s.executeUpdate("UPDATE account SET enabled = false WHERE username = 'off.staff'");
    }

    Answer wrong = signIn("liu.staff", "not-the-password");
    Answer unknown = signIn("nobody.here", TestAccounts.PASSWORD);
    Answer disabled = signIn("off.staff", TestAccounts.PASSWORD);

    for (Answer a : new Answer[] {wrong, unknown, disabled}) {
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.json().getString("code")).isEqualTo("problem.login-failed");
      assertThat(a.json().getString("detail")).isEqualTo(wrong.json().getString("detail"));
    }
  }

  @Test
  void givenFiveFailuresForOneUsername_whenTheRightPasswordFollows_thenItIsRefusedWithRetryAfter() throws Exception {
    TestAccounts.create(db, "guessed.staff", Role.STAFF);
    for (int i = 0; i < 5; i++) {
      assertThat(signIn("guessed.staff", "guess-" + i).status()).isEqualTo(401);
    }

    Answer locked = signIn("guessed.staff", TestAccounts.PASSWORD);
    Answer lockedUnknown = signIn("ghost.user", "x");
    for (int i = 0; i < 5; i++) {
      signIn("ghost.user", "guess-" + i);
    }
    Answer ghost = signIn("ghost.user", "again");

    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.json().getString("code")).isEqualTo("problem.login-throttled");
    assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(
        v -> assertThat(Integer.parseInt(v)).isBetween(1, 900));
    assertThat(lockedUnknown.status()).isEqualTo(401);
    assertThat(ghost.status()).as("an unknown username locks the same way").isEqualTo(429);
  }

  @Test
  void givenASignedInAccount_whenItSignsOut_thenItsTokenNoLongerWorks() throws Exception {
    TestAccounts.create(db, "out.staff", Role.STAFF);
    ApiClient client = stack.signIn("out.staff");
    assertThat(client.get("/api/me").status()).isEqualTo(200);

    assertThat(client.delete("/api/session").status()).isEqualTo(204);

    assertThat(client.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void givenAMalformedSignIn_whenPosted_thenEachBadFieldIsNamedInChineseOrEnglish() {
    Answer zh = stack.anonymous().post("/api/session", new JsonObject().put("username", "a").put("extra", 1));
    Answer en = stack.anonymous().inLanguage("en").post("/api/session", new JsonObject().put("username", 42));

    assertThat(zh.status()).isEqualTo(400);
    assertThat(zh.json().getString("code")).isEqualTo("problem.invalid");
    assertThat(zh.json().getJsonArray("errors").encode()).contains("/body/").contains("必填字段缺失");
    assertThat(en.status()).isEqualTo(400);
    assertThat(en.json().getJsonArray("errors").encode()).contains("/body/");
    assertThat(en.json().getString("title")).isEqualTo("Bad Request");
  }

  private Answer signIn(String username, String password) {
    return stack.anonymous().post("/api/session", new JsonObject().put("username", username).put("password", password));
  }
}
