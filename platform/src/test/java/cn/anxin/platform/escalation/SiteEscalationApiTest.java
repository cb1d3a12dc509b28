package cn.anxin.platform.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET/PUT /api/sites/{siteId}/escalation: defaults, versions, validation, who may read and write. */
class SiteEscalationApiTest extends OnRunningStack {

  private long site;
  private long otherSite;

  @BeforeAll
  void sites() throws Exception {
    EscalationFixtures fixtures = new EscalationFixtures(db);
    var elder = fixtures.elder("甲");
    var other = fixtures.elder("乙");
    site = elder.siteId();
    otherSite = other.siteId();
    TestAccounts.create(db, "esc.sup", Role.SUPERVISOR, site);
    TestAccounts.create(db, "esc.bureau", Role.BUREAU);
  }

  @Test
  void givenASiteThatNeverSavedSettings_whenRead_thenTheDefaultsAreVersion0() {
    JsonObject answer = stack.admin().get("/api/sites/" + otherSite + "/escalation").json();

    assertThat(answer.getInteger("version")).isZero();
    JsonObject p1 = answer.getJsonObject("policy").getJsonObject("severities").getJsonObject("P1");
    assertThat(p1.getInteger("acknowledgeSeconds")).isEqualTo(60);
    assertThat(p1.getInteger("resolveSeconds")).isEqualTo(1800);
    assertThat(answer.getJsonObject("policy").getJsonObject("severities").getJsonObject("P4")
        .getValue("acknowledgeSeconds")).isNull();
    assertThat(stack.signIn("esc.bureau").get("/api/sites/" + otherSite + "/escalation").status()).isEqualTo(200);
  }

  @Test
  void givenAnAdministrator_whenSavingTwice_thenEachSaveIsANewVersionWithItsAuthorAndTheSupervisorReadsIt()
      throws Exception {
    JsonObject policy = new JsonObject().put("severities", new JsonObject()
        .put("P2", new JsonObject().put("acknowledgeSeconds", 600)));
    Answer first = stack.admin().put("/api/sites/" + site + "/escalation",
        new JsonObject().put("policy", policy).put("comment", "P2 十分钟"));
    Answer second = stack.admin().put("/api/sites/" + site + "/escalation", new JsonObject()
        .put("policy", policy.copy().put("supervisorChannels", new JsonArray().add("EMAIL"))));

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(second.json().getInteger("version")).isEqualTo(first.json().getInteger("version") + 1);
    assertThat(first.json().getJsonObject("createdBy").getString("displayName")).isNotBlank();
    JsonObject read = stack.signIn("esc.sup").get("/api/sites/" + site + "/escalation").json();
    assertThat(read.getInteger("version")).isEqualTo(second.json().getInteger("version"));
    assertThat(read.getJsonObject("policy").getJsonArray("supervisorChannels")).containsExactly("EMAIL");
    JsonObject p2 = read.getJsonObject("policy").getJsonObject("severities").getJsonObject("P2");
    assertThat(p2.getInteger("acknowledgeSeconds")).isEqualTo(600);
    assertThat(p2.getInteger("resolveSeconds")).as("left out: the default").isEqualTo(14_400);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_policy WHERE site_id = ?", site))
        .isGreaterThanOrEqualTo(2);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_policy WHERE site_id = ? AND active", site))
        .isEqualTo(1);
  }

  @Test
  void givenSettingsThatMakeNoSense_whenSaved_then422NamesEachReasonAndNothingIsStored() throws Exception {
    long before = TestRegistry.count(db, "SELECT count(*) FROM escalation_policy");
    JsonObject severities = new JsonObject()
        .put("P1", new JsonObject().put("acknowledgeSeconds", 120).put("resolveSeconds", 100))
        .put("P2", new JsonObject().put("acknowledgeSeconds", 60))
        .put("P3", new JsonObject().put("acknowledgeSeconds", null).put("reminderSeconds", 60));
    Answer answer = stack.admin().inLanguage("en").put("/api/sites/" + site + "/escalation",
        new JsonObject().put("policy", new JsonObject().put("severities", severities)));

    assertThat(answer.status()).as(answer.body()).isEqualTo(422);
    assertThat(answer.json().getString("code")).isEqualTo("escalation.invalid");
    assertThat(answer.codesOn("/body/policy/severities/P1/resolveSeconds"))
        .containsExactly("escalation.resolve-not-after-acknowledge");
    assertThat(answer.codesOn("/body/policy/severities/P2/acknowledgeSeconds"))
        .containsExactly("escalation.shorter-than-more-urgent");
    assertThat(answer.codesOn("/body/policy/severities/P3/reminderSeconds"))
        .containsExactly("escalation.reminder-without-acknowledge");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM escalation_policy")).isEqualTo(before);
  }

  @Test
  void givenABodyTheContractRefuses_whenSaved_then400WithTheField() {
    Answer tooShort = stack.admin().put("/api/sites/" + site + "/escalation", new JsonObject().put("policy",
        new JsonObject().put("severities", new JsonObject().put("P1", new JsonObject().put("acknowledgeSeconds", 5)))));
    Answer badMail = stack.admin().put("/api/sites/" + site + "/escalation", new JsonObject().put("policy",
        new JsonObject().put("bureauEmails", new JsonArray().add("not-an-address"))));
    Answer unknown = stack.admin().put("/api/sites/" + site + "/escalation",
        new JsonObject().put("policy", new JsonObject().put("speed", 1)));

    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.codesOn("/body/policy/severities/P1/acknowledgeSeconds")).contains("field.range");
    assertThat(badMail.status()).isEqualTo(400);
    assertThat(unknown.status()).isEqualTo(400);
  }

  @Test
  void givenOtherCallers_whenTheyReadOrWrite_thenSupervisorsOfOtherSitesGet404AndOnlyAdministratorsWrite() {
    Answer other = stack.signIn("esc.sup").get("/api/sites/" + otherSite + "/escalation");
    Answer missing = stack.signIn("esc.sup").get("/api/sites/99999999/escalation");
    Answer write = stack.signIn("esc.sup").put("/api/sites/" + site + "/escalation",
        new JsonObject().put("policy", new JsonObject()));

    assertThat(other.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(write.status()).isEqualTo(403);
    assertThat(stack.admin().get("/api/sites/99999999/escalation").status()).isEqualTo(404);
  }
}
