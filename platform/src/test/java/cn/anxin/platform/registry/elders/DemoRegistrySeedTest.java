package cn.anxin.platform.registry.elders;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.launch.DemoRegistry;
import cn.anxin.platform.privacy.IdCards;
import cn.anxin.platform.privacy.PiiKeys;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo registry: seeded twice without change, and its published accounts sign in and see their scope. */
class DemoRegistrySeedTest extends OnRunningStack {

  private static final List<String> TABLES = List.of("site", "elder", "ability_assessment", "elder_status",
      "account", "account_site", "elder_contact", "consent_record", "staff_duty", "device", "device_binding");

  private Map<String, Long> afterFirst;

  @BeforeAll
  void seedTwice() throws Exception {
    DemoRegistry.seed(db, new SecretHasher(), PiiKeys.ephemeral());
    afterFirst = counts();
    DemoRegistry.seed(db, new SecretHasher(), PiiKeys.ephemeral());
  }

  @Test
  void givenTheDemoRegistrySeededTwice_whenCounted_thenTheSecondSeedingChangedNothing() throws Exception {
    assertThat(counts()).isEqualTo(afterFirst);
    assertThat(afterFirst.get("elder")).isEqualTo(DemoRegistry.ELDER_CODES.size()).isGreaterThanOrEqualTo(4);
    assertThat(afterFirst.get("device")).isEqualTo(DemoRegistry.DEVICES.size());
    assertThat(afterFirst.get("account")).isEqualTo(DemoRegistry.ACCOUNTS.size());
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM elder WHERE id_card_hash IS NULL")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM site WHERE area_code LIKE '532301%'"))
        .isEqualTo(afterFirst.get("site"));
  }

  @Test
  void givenThePublishedPasswords_whenEveryDemoAccountSignsIn_thenItIsAccepted() {
    for (DemoRegistry.DemoAccount account : DemoRegistry.ACCOUNTS) {
      ApiClient.Answer answer = stack.anonymous().post("/api/session",
          new JsonObject().put("username", account.username()).put("password", account.password()));
      assertThat(answer.status()).as(account.username() + ": " + answer.body()).isEqualTo(201);
      assertThat(answer.json().getJsonObject("account").getString("role")).isEqualTo(account.role().name());
    }
  }

  @Test
  void givenTheDemoAccounts_whenTheyListElders_thenEachSeesItsOwnScope() {
    assertThat(codes(signIn("zhang.staff", "anxin-demo-staff")))
        .containsExactly("E-0001", "E-0002", "E-0003", "E-0006");
    assertThat(codes(signIn("yang.staff", "anxin-demo-donggua"))).containsExactly("E-0004", "E-0007");
    assertThat(codes(signIn("li.family", "anxin-demo-family"))).containsExactly("E-0001");
    assertThat(codes(signIn("cx.bureau", "anxin-demo-bureau")))
        .containsExactlyElementsOf(DemoRegistry.ELDER_CODES);
  }

  @Test
  void givenTheDemoElders_whenTheAdministratorReadsThem_thenIdCardsAreValidAndOneElderIsAway() {
    ApiClient admin = signIn("admin", "anxin-demo-admin");
    JsonObject away = admin.get("/api/elders?status=AWAY").json();
    assertThat(away.getLong("total")).isEqualTo(1);
    assertThat(away.getJsonArray("items").getJsonObject(0).getString("code")).isEqualTo("E-0006");
    List<String> overdue = new java.util.ArrayList<>();
    for (Object item : admin.get("/api/elders").json().getJsonArray("items")) {
      long id = ((JsonObject) item).getLong("id");
      JsonObject elder = admin.get("/api/elders/" + id + "?reveal=idCard").json();
      String card = elder.getString("idCard");
      assertThat(IdCards.valid(card)).as(elder.getString("code")).isTrue();
      assertThat(IdCards.birthDate(card).toString()).isEqualTo(elder.getString("birthDate"));
      assertThat(IdCards.sex(card)).isEqualTo(elder.getString("sex"));
      assertThat(elder.getString("areaCode")).hasSize(12).startsWith("532301");
      if (elder.getJsonObject("latestAssessment").getBoolean("overdue")) {
        overdue.add(elder.getString("code"));
      }
    }
    assertThat(overdue).containsExactly("E-0003");
    JsonObject first = admin.get("/api/elders?q=" + java.net.URLEncoder.encode("张桂英",
        java.nio.charset.StandardCharsets.UTF_8)).json().getJsonArray("items").getJsonObject(0);
    JsonObject detail = signIn("li.family", "anxin-demo-family").get("/api/elders/" + first.getLong("id")).json();
    assertThat(detail.getString("code")).isEqualTo("E-0001");
    assertThat(detail.getJsonArray("contacts").stream().map(JsonObject.class::cast)
        .filter(c -> "li.family".equals(c.getString("familyUsername"))).findFirst().orElseThrow()
        .getBoolean("notifyConsent")).isTrue();
  }

  private ApiClient signIn(String username, String password) {
    ApiClient.Answer answer = stack.anonymous().post("/api/session",
        new JsonObject().put("username", username).put("password", password));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return stack.anonymous().withToken(answer.json().getString("token"));
  }

  private static List<String> codes(ApiClient client) {
    return client.get("/api/elders").json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("code")).toList();
  }

  private Map<String, Long> counts() throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, TestRegistry.count(db, "SELECT count(*) FROM " + table));
    }
    counts.put("notify_consent", TestRegistry.count(db, "SELECT count(*) FROM elder_contact WHERE notify_consent"));
    counts.put("ciphers", TestRegistry.count(db, "SELECT sum(get_byte(id_card_cipher, 0)) FROM elder"));
    return counts;
  }
}
