package cn.anxin.platform.registry.elders;

import static cn.anxin.platform.registry.elders.ElderFixtures.body;
import static cn.anxin.platform.registry.elders.ElderFixtures.create;
import static cn.anxin.platform.registry.elders.ElderFixtures.idCard;
import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registering, reading and changing elders through the API, with the ID card sealed and masked. */
class ElderRegistryTest extends OnRunningStack {

  private long site;
  private long otherSite;
  private ApiClient admin;

  @BeforeAll
  void registry() throws Exception {
    site = ElderFixtures.site(db, "鹿城镇测试中心");
    otherSite = ElderFixtures.site(db, "东瓜镇测试站");
    admin = stack.admin();
    TestAccounts.create(db, "reg.staff", Role.STAFF, site);
    TestAccounts.create(db, "reg.bureau", Role.BUREAU);
  }

  @Test
  void givenACompleteBody_whenTheAdministratorRegistersAnElder_thenSexBirthDateAndCodeAreFilledAndTheDetailAnswers() {
    String card = idCard("19410312", "F");
    ApiClient.Answer created = admin.post("/api/elders", body("张桂芳", card, site)
        .put("phone", "13800000011").put("address", "楚雄市鹿城镇团结路 5 号").put("areaCode", "532301100001")
        .put("grid", "团结社区第 1 网格").put("location", new JsonObject().put("lon", 101.542).put("lat", 25.036))
        .put("livingArrangement", "ALONE").put("categories", new JsonArray().add("LOW_INCOME").add("AGED_80"))
        .put("riskTier", "HIGH"));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject elder = created.json();
    long id = elder.getLong("id");
    assertThat(created.headers().firstValue("Location")).contains("/api/elders/" + id);
    assertThat(elder.getString("code")).isEqualTo(String.format("E-%06d", id));
    assertThat(elder.getString("sex")).isEqualTo("F");
    assertThat(elder.getString("birthDate")).isEqualTo("1941-03-12");
    assertThat(elder.getInteger("age")).isEqualTo(
        Period.between(LocalDate.of(1941, 3, 12), LocalDate.now(ZoneId.of("Asia/Shanghai"))).getYears());
    assertThat(elder.getString("idCardMasked")).isEqualTo("**************" + card.substring(14));
    assertThat(elder.containsKey("idCard")).isFalse();
    assertThat(elder.getJsonArray("categories")).containsExactly("AGED_80", "LOW_INCOME");
    assertThat(elder.getString("status")).isEqualTo("ACTIVE");
    assertThat(elder.getValue("latestAssessment")).isNull();
    assertThat(elder.getJsonObject("site").getLong("id")).isEqualTo(site);

    JsonObject read = admin.get("/api/elders/" + id).json();
    assertThat(read.getString("name")).isEqualTo("张桂芳");
    assertThat(read.getJsonObject("location").getDouble("lon")).isEqualTo(101.542);
    assertThat(read.getString("livingArrangement")).isEqualTo("ALONE");
    assertThat(read.getString("riskTier")).isEqualTo("HIGH");
    assertThat(read.getString("areaCode")).isEqualTo("532301100001");
  }

  @Test
  void givenAnElder_whenPatched_thenOnlyTheGivenFieldsChangeAndNullClears() {
    long id = create(admin, body("李正和", idCard("19381002", "M"), site)
        .put("phone", "13800000012").put("grid", "南路社区第 1 网格")).getLong("id");

    ApiClient.Answer patched = admin.patch("/api/elders/" + id, new JsonObject()
        .put("riskTier", "KEY").put("phone", null).put("siteId", otherSite).put("code", "E-LZH"));

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    JsonObject elder = admin.get("/api/elders/" + id).json();
    assertThat(elder.getString("riskTier")).isEqualTo("KEY");
    assertThat(elder.getValue("phone")).isNull();
    assertThat(elder.getString("grid")).isEqualTo("南路社区第 1 网格");
    assertThat(elder.getString("name")).isEqualTo("李正和");
    assertThat(elder.getString("code")).isEqualTo("E-LZH");
    assertThat(elder.getJsonObject("site").getLong("id")).isEqualTo(otherSite);
  }

  @Test
  void givenAnElder_whenThePatchChangesTheIdCard_thenItIsSealedAgainAndSexAndBirthDateFollow() throws Exception {
    long id = create(admin, body("周文", idCard("19450621", "F"), site)).getLong("id");
    byte[] before = cipherOf(id);
    String corrected = idCard("19460101", "M");

    ApiClient.Answer patched = admin.patch("/api/elders/" + id, new JsonObject().put("idCard", corrected));

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().getString("sex")).isEqualTo("M");
    assertThat(patched.json().getString("birthDate")).isEqualTo("1946-01-01");
    assertThat(cipherOf(id)).isNotEqualTo(before);
    assertThat(admin.get("/api/elders/" + id + "?reveal=idCard").json().getString("idCard")).isEqualTo(corrected);
    ApiClient.Answer wrongSex = admin.patch("/api/elders/" + id, new JsonObject().put("sex", "F"));
    assertThat(wrongSex.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(wrongSex)).containsExactly("/body/sex");
  }

  @Test
  void givenARegisteredElder_whenTheDatabaseIsRead_thenTheIdCardIsEncryptedAndFoundByItsHash() throws Exception {
    String card = idCard("19400130", "M");
    long id = create(admin, body("杨国强", card, site)).getLong("id");

    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT id_card_cipher, id_card_hash, id_card_last4 FROM elder WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        assertThat(new String(r.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(card)
            .doesNotContain(card.substring(0, 14));
        assertThat(r.getBytes(2)).hasSize(32);
        assertThat(r.getString(3)).isEqualTo(card.substring(14));
      }
    }
    String spaced = card.substring(0, 6) + " " + card.substring(6, 14) + " " + card.substring(14).toLowerCase();
    JsonObject found = admin.get("/api/elders?idCard=" + spaced.replace(" ", "%20")).json();
    assertThat(found.getLong("total")).isEqualTo(1);
    assertThat(found.getJsonArray("items").getJsonObject(0).getLong("id")).isEqualTo(id);
    assertThat(stack.signIn("reg.staff").get("/api/elders?idCard=" + card).json().getLong("total")).isEqualTo(1);
    assertThat(admin.get("/api/elders?idCard=" + idCard("19400130", "M")).json().getLong("total")).isZero();
  }

  @Test
  void givenAnElder_whenStaffBureauAndAdministratorRead_thenOnlyTheAdministratorAskingSeesTheNumberAndThatIsAudited()
      throws Exception {
    String card = idCard("19321120", "F");
    long id = create(admin, body("陈玉兰", card, site)).getLong("id");
    String masked = "**************" + card.substring(14);

    JsonObject byStaff = stack.signIn("reg.staff").get("/api/elders/" + id).json();
    JsonObject byBureau = stack.signIn("reg.bureau").get("/api/elders/" + id).json();
    JsonObject byAdmin = admin.get("/api/elders/" + id).json();
    ApiClient.Answer revealed = admin.get("/api/elders/" + id + "?reveal=idCard");
    ApiClient.Answer bureauReveal = stack.signIn("reg.bureau").get("/api/elders/" + id + "?reveal=idCard");

    assertThat(byStaff.getString("idCardMasked")).isEqualTo(masked);
    assertThat(byStaff.containsKey("idCard")).isFalse();
    assertThat(byBureau.getString("idCardMasked")).isEqualTo(masked);
    assertThat(byBureau.containsKey("idCard")).isFalse();
    assertThat(byAdmin.containsKey("idCard")).isFalse();
    assertThat(revealed.status()).isEqualTo(200);
    assertThat(revealed.json().getString("idCard")).isEqualTo(card);
    assertThat(bureauReveal.status()).isEqualTo(403);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'ELDER_READ'"
        + " AND ? = ANY (elder_ids) AND 'idCard' = ANY (fields)", id)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'ELDER_READ'"
        + " AND ? = ANY (elder_ids) AND 'idCardMasked' = ANY (fields)", id)).isEqualTo(4);
  }

  @Test
  void givenABadCheckCharacter_whenRegistering_thenFieldErrorOnIdCardInChineseAndInEnglish() {
    String card = idCard("19410312", "F");
    char wrong = card.charAt(17) == '0' ? '1' : '0';
    JsonObject bad = body("王某", card.substring(0, 17) + wrong, site);

    ApiClient.Answer zh = admin.post("/api/elders", bad);
    ApiClient.Answer en = admin.inLanguage("en").post("/api/elders", bad);

    assertThat(zh.status()).isEqualTo(400);
    assertThat(zh.isProblem()).isTrue();
    assertThat(ElderFixtures.fields(zh)).containsExactly("/body/idCard");
    assertThat(ElderFixtures.message(zh, "/body/idCard")).contains("身份证号码无效");
    assertThat(en.status()).isEqualTo(400);
    assertThat(ElderFixtures.message(en, "/body/idCard")).contains("Not a valid ID-card number");
  }

  @Test
  void givenSexBirthDateAndSiteThatDisagree_whenRegistering_thenEveryFieldIsReportedAtOnce() {
    ApiClient.Answer answer = admin.post("/api/elders", body("赵某", idCard("19500505", "M"), 999_999)
        .put("sex", "F").put("birthDate", "1950-05-06"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(answer))
        .containsExactlyInAnyOrder("/body/sex", "/body/birthDate", "/body/siteId");
    assertThat(ElderFixtures.message(answer, "/body/siteId")).contains("999999");
  }

  @Test
  void givenAMalformedBody_whenRegistering_thenTheContractRefusesItFieldByField() {
    ApiClient.Answer answer = admin.post("/api/elders", new JsonObject().put("name", "无名")
        .put("siteId", site).put("riskTier", "VERY_HIGH").put("notAField", 1));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("/body");
  }

  @Test
  void givenARegisteredIdCard_whenRegisteredAgainOrPatchedOntoAnother_thenConflict() {
    String card = idCard("19361201", "F");
    long first = create(admin, body("罗秀英", card, site)).getLong("id");
    long second = create(admin, body("罗秀梅", idCard("19361201", "F"), site)).getLong("id");

    ApiClient.Answer again = admin.post("/api/elders", body("罗秀英", card, otherSite));
    ApiClient.Answer patched = admin.patch("/api/elders/" + second, new JsonObject().put("idCard", card));
    ApiClient.Answer same = admin.patch("/api/elders/" + first, new JsonObject().put("idCard", card));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("code")).isEqualTo("elder.duplicate-id-card");
    assertThat(patched.status()).isEqualTo(409);
    assertThat(patched.json().getString("code")).isEqualTo("elder.duplicate-id-card");
    assertThat(same.status()).as("an elder keeps their own number").isEqualTo(200);
  }

  @Test
  void givenStaffAndBureau_whenTheyTryToRegisterOrChange_thenForbidden() {
    long id = ElderFixtures.elder(admin, "普文华", site);
    ApiClient staff = stack.signIn("reg.staff");
    ApiClient bureau = stack.signIn("reg.bureau");

    assertThat(staff.post("/api/elders", body("某", idCard("19400101", "M"), site)).status()).isEqualTo(403);
    assertThat(bureau.patch("/api/elders/" + id, new JsonObject().put("riskTier", "KEY")).status()).isEqualTo(403);
  }

  @Test
  void givenElders_whenListedWithFilters_thenOnlyMatchingOnesAndTheTotal() {
    long a = create(admin, body("筛选甲", idCard("19300101", "F"), otherSite).put("areaCode", "532301101001")
        .put("riskTier", "HIGH").put("categories", new JsonArray().add("DEMENTIA"))
        .put("livingArrangement", "EMPTY_NEST")).getLong("id");
    long b = create(admin, body("筛选乙", idCard("19300101", "M"), otherSite).put("areaCode", "532301102001")
        .put("riskTier", "GENERAL")).getLong("id");

    assertThat(ids(admin.get("/api/elders?area=532301101&q=" + enc("筛选")))).containsExactly(a);
    assertThat(ids(admin.get("/api/elders?siteId=" + otherSite + "&riskTier=HIGH&q=" + enc("筛选"))))
        .containsExactly(a);
    assertThat(ids(admin.get("/api/elders?category=DEMENTIA&livingArrangement=EMPTY_NEST&q=" + enc("筛选"))))
        .containsExactly(a);
    assertThat(ids(admin.get("/api/elders?status=ACTIVE&q=" + enc("筛选")))).containsExactly(a, b);
    assertThat(ids(admin.get("/api/elders?status=AWAY&q=" + enc("筛选")))).isEmpty();
    JsonObject page = admin.get("/api/elders?q=" + enc("筛选") + "&limit=1&offset=1").json();
    assertThat(page.getLong("total")).isEqualTo(2);
    assertThat(page.getJsonArray("items").getJsonObject(0).getLong("id")).isEqualTo(b);
    assertThat(admin.get("/api/elders?area=53x").status()).isEqualTo(400);
  }

  @Test
  void givenAnErasedElder_whenListed_thenOnlyTheAdministratorSeesItAndNoOneMayChangeIt() throws Exception {
    long id = ElderFixtures.elder(admin, "已删除", site);
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE elder SET erased_at = now() WHERE id = ?")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
    ApiClient staff = stack.signIn("reg.staff");

    assertThat(ids(staff.get("/api/elders?q=" + enc("已删除")))).isEmpty();
    assertThat(staff.get("/api/elders/" + id).status()).isEqualTo(404);
    assertThat(ids(admin.get("/api/elders?q=" + enc("已删除")))).containsExactly(id);
    assertThat(admin.get("/api/elders/" + id).json().getString("erasedAt")).isNotNull();
    assertThat(admin.patch("/api/elders/" + id, new JsonObject().put("riskTier", "KEY")).status()).isEqualTo(409);
  }

  @Test
  void givenTheBureauOrAFamilyMember_whenTheyLookUpByIdCard_thenForbidden() throws Exception {
    String card = idCard("19441010", "M");
    long id = create(admin, body("查找", card, site)).getLong("id");
    TestAccounts.family(db, "reg.family", id);

    ApiClient.Answer bureau = stack.signIn("reg.bureau").get("/api/elders?idCard=" + card);
    ApiClient.Answer family = stack.signIn("reg.family").get("/api/elders?idCard=" + card);
    ApiClient.Answer badNumber = admin.get("/api/elders?idCard=532301194410100000");

    assertThat(bureau.status()).isEqualTo(403);
    assertThat(family.status()).isEqualTo(403);
    assertThat(badNumber.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(badNumber)).containsExactly("/query/idCard");
  }

  private static List<Long> ids(ApiClient.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  private static String enc(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private byte[] cipherOf(long id) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id_card_cipher FROM elder WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBytes(1);
      }
    }
  }
}
