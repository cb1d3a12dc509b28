package cn.anxin.platform.registry.elders;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contacts of an elder, the family accounts linked to them, and the consent history. */
class ContactsAndConsentsTest extends OnRunningStack {

  private long site;
  private ApiClient admin;
  private ApiClient staff;
  private long staffId;

  @BeforeAll
  void registry() throws Exception {
    site = ElderFixtures.site(db, "联系人测试中心");
    admin = stack.admin();
    staffId = TestAccounts.create(db, "contact.staff", Role.STAFF, site);
    staff = stack.signIn("contact.staff");
  }

  @Test
  void givenAnElder_whenStaffAddChangeAndRemoveContacts_thenTheListFollowsByPriority() {
    long elder = ElderFixtures.elder(admin, "联系人甲", site);
    ApiClient.Answer son = staff.post("/api/elders/" + elder + "/contacts", new JsonObject()
        .put("name", "李建国").put("relation", "儿子").put("phone", "13800000101")
        .put("channels", new JsonArray().add("SMS").add("APP")).put("priority", 2));
    ApiClient.Answer neighbour = staff.post("/api/elders/" + elder + "/contacts", new JsonObject()
        .put("name", "赵丽").put("relation", "邻居").put("email", "zhao.li@example.cn"));

    assertThat(son.status()).as(son.body()).isEqualTo(201);
    long sonId = son.json().getLong("id");
    assertThat(son.headers().firstValue("Location")).contains("/api/elders/" + elder + "/contacts/" + sonId);
    assertThat(son.json().getBoolean("notifyConsent")).isFalse();
    assertThat(neighbour.json().getInteger("priority")).isEqualTo(1);
    assertThat(names(staff.get("/api/elders/" + elder + "/contacts").array())).containsExactly("赵丽", "李建国");

    ApiClient.Answer changed = staff.patch("/api/elders/" + elder + "/contacts/" + sonId,
        new JsonObject().put("priority", 1).put("phone", null).put("relation", "长子"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().getValue("phone")).isNull();
    assertThat(changed.json().getString("relation")).isEqualTo("长子");
    assertThat(staff.delete("/api/elders/" + elder + "/contacts/" + neighbour.json().getLong("id")).status())
        .isEqualTo(204);
    JsonArray left = staff.get("/api/elders/" + elder + "/contacts").array();
    assertThat(names(left)).containsExactly("李建国");
    assertThat(staff.get("/api/elders/" + elder).json().getJsonArray("contacts")).hasSize(1);
  }

  @Test
  void givenAContact_whenSomeoneTriesToSetItsConsentDirectly_thenTheContractRefusesIt() {
    long elder = ElderFixtures.elder(admin, "联系人乙", site);
    long contact = staff.post("/api/elders/" + elder + "/contacts",
        new JsonObject().put("name", "王海").put("relation", "儿子")).json().getLong("id");

    ApiClient.Answer direct = staff.patch("/api/elders/" + elder + "/contacts/" + contact,
        new JsonObject().put("notifyConsent", true));
    ApiClient.Answer onCreate = staff.post("/api/elders/" + elder + "/contacts",
        new JsonObject().put("name", "王江").put("relation", "儿子").put("notifyConsent", true));

    assertThat(direct.status()).isEqualTo(400);
    assertThat(onCreate.status()).isEqualTo(400);
    assertThat(staff.get("/api/elders/" + elder + "/contacts").array().getJsonObject(0).getBoolean("notifyConsent"))
        .isFalse();
  }

  @Test
  void givenConsentGivenThenWithdrawn_whenTheHistoryIsRead_thenBothRecordsStayAndTheContactFollowsTheLatest() {
    long elder = ElderFixtures.elder(admin, "联系人丙", site);
    long contact = staff.post("/api/elders/" + elder + "/contacts",
        new JsonObject().put("name", "李娟").put("relation", "女儿")).json().getLong("id");

    ApiClient.Answer given = staff.post("/api/elders/" + elder + "/consents", new JsonObject()
        .put("contactId", contact).put("purpose", "NOTIFY_FAMILY").put("granted", true)
        .put("method", "WRITTEN").put("evidence", "书面同意书 第 12 号"));
    assertThat(given.status()).as(given.body()).isEqualTo(201);
    assertThat(notifyConsent(elder, contact)).isTrue();
    ApiClient.Answer withdrawn = admin.post("/api/elders/" + elder + "/consents", new JsonObject()
        .put("contactId", contact).put("purpose", "NOTIFY_FAMILY").put("granted", false)
        .put("method", "VERBAL_RECORDED"));
    ApiClient.Answer monitoring = staff.post("/api/elders/" + elder + "/consents", new JsonObject()
        .put("purpose", "HEALTH_MONITORING").put("granted", true).put("method", "WRITTEN"));

    assertThat(withdrawn.status()).isEqualTo(201);
    assertThat(monitoring.status()).isEqualTo(201);
    assertThat(notifyConsent(elder, contact)).isFalse();
    JsonArray history = staff.get("/api/elders/" + elder + "/consents").array();
    assertThat(history).hasSize(3);
    JsonObject first = history.getJsonObject(2);
    assertThat(first.getBoolean("granted")).isTrue();
    assertThat(first.getString("contactName")).isEqualTo("李娟");
    assertThat(first.getString("evidence")).isEqualTo("书面同意书 第 12 号");
    assertThat(first.getJsonObject("recordedBy").getLong("id")).isEqualTo(staffId);
    assertThat(history.getJsonObject(1).getBoolean("granted")).isFalse();
    assertThat(history.getJsonObject(0).getValue("contactId")).isNull();

    staff.delete("/api/elders/" + elder + "/contacts/" + contact);
    JsonArray kept = staff.get("/api/elders/" + elder + "/consents").array();
    assertThat(kept).as("consent records outlive the contact").hasSize(3);
    assertThat(kept.getJsonObject(2).getValue("contactId")).isNull();
  }

  @Test
  void givenBadConsentInput_whenRecording_thenFieldErrors() {
    long elder = ElderFixtures.elder(admin, "联系人丁", site);
    long other = ElderFixtures.elder(admin, "联系人戊", site);
    long othersContact = staff.post("/api/elders/" + other + "/contacts",
        new JsonObject().put("name", "某").put("relation", "儿子")).json().getLong("id");

    ApiClient.Answer noMethod = staff.post("/api/elders/" + elder + "/consents",
        new JsonObject().put("purpose", "LOCATION").put("granted", true));
    ApiClient.Answer foreignContact = staff.post("/api/elders/" + elder + "/consents", new JsonObject()
        .put("contactId", othersContact).put("purpose", "NOTIFY_FAMILY").put("granted", true).put("method", "WRITTEN"));

    assertThat(noMethod.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(noMethod)).containsExactly("/body/method");
    assertThat(foreignContact.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(foreignContact)).containsExactly("/body/contactId");
    assertThat(notifyConsent(other, othersContact)).isFalse();
  }

  @Test
  void givenAFamilyAccount_whenLinkedAsAContact_thenTheyMayWithdrawTheirOwnConsentAndNothingElse() throws Exception {
    long elder = ElderFixtures.elder(admin, "联系人己", site);
    TestAccounts.create(db, "contact.family", Role.FAMILY);
    TestAccounts.create(db, "contact.notfamily", Role.STAFF, site);
    ApiClient.Answer wrongAccount = staff.post("/api/elders/" + elder + "/contacts", new JsonObject()
        .put("name", "普丽华").put("relation", "女儿").put("familyUsername", "contact.notfamily"));
    ApiClient.Answer linked = staff.post("/api/elders/" + elder + "/contacts", new JsonObject()
        .put("name", "普丽华").put("relation", "女儿").put("phone", "13800000601")
        .put("familyUsername", "contact.family"));
    ApiClient.Answer twice = staff.post("/api/elders/" + elder + "/contacts", new JsonObject()
        .put("name", "普丽华二").put("relation", "女儿").put("familyUsername", "contact.family"));
    long own = linked.json().getLong("id");
    long neighbour = staff.post("/api/elders/" + elder + "/contacts", new JsonObject()
        .put("name", "邻居").put("relation", "邻居").put("phone", "13800000602")).json().getLong("id");
    staff.post("/api/elders/" + elder + "/consents", new JsonObject().put("contactId", own)
        .put("purpose", "NOTIFY_FAMILY").put("granted", true).put("method", "WRITTEN"));
    staff.post("/api/elders/" + elder + "/consents", new JsonObject().put("contactId", neighbour)
        .put("purpose", "NOTIFY_FAMILY").put("granted", true).put("method", "WRITTEN"));
    ApiClient family = stack.signIn("contact.family");

    assertThat(wrongAccount.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(wrongAccount)).containsExactly("/body/familyUsername");
    assertThat(linked.json().getString("familyUsername")).isEqualTo("contact.family");
    assertThat(twice.status()).isEqualTo(409);

    JsonArray seen = family.get("/api/elders/" + elder + "/contacts").array();
    JsonObject ownSeen = byName(seen, "普丽华");
    JsonObject neighbourSeen = byName(seen, "邻居");
    assertThat(ownSeen.getString("phone")).isEqualTo("13800000601");
    assertThat(neighbourSeen.containsKey("phone")).isFalse();
    assertThat(neighbourSeen.containsKey("notifyConsent")).isFalse();
    assertThat(neighbourSeen.getString("relation")).isEqualTo("邻居");
    assertThat(family.get("/api/elders/" + elder + "/consents").array()).hasSize(1);

    assertThat(family.post("/api/elders/" + elder + "/consents", withdraw(neighbour)).status()).isEqualTo(403);
    assertThat(family.post("/api/elders/" + elder + "/consents", withdraw(own).put("granted", true)).status())
        .isEqualTo(403);
    assertThat(family.post("/api/elders/" + elder + "/consents", withdraw(own).put("purpose", "LOCATION")).status())
        .isEqualTo(403);
    assertThat(family.post("/api/elders/" + elder + "/contacts",
        new JsonObject().put("name", "某").put("relation", "某")).status()).isEqualTo(403);
    ApiClient.Answer withdrawn = family.post("/api/elders/" + elder + "/consents", withdraw(own));
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(201);
    assertThat(withdrawn.json().getString("method")).isEqualTo("ELECTRONIC");
    assertThat(notifyConsent(elder, own)).isFalse();
    assertThat(notifyConsent(elder, neighbour)).isTrue();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM consent_record WHERE contact_id = ?", own)).isEqualTo(2);
  }

  private static JsonObject withdraw(long contact) {
    return new JsonObject().put("contactId", contact).put("purpose", "NOTIFY_FAMILY").put("granted", false)
        .put("evidence", "家属在 App 中撤回");
  }

  private boolean notifyConsent(long elder, long contact) {
    return byId(admin.get("/api/elders/" + elder + "/contacts").array(), contact).getBoolean("notifyConsent");
  }

  private static JsonObject byId(JsonArray contacts, long id) {
    return contacts.stream().map(JsonObject.class::cast).filter(c -> c.getLong("id") == id).findFirst()
        .orElseThrow();
  }

  private static JsonObject byName(JsonArray contacts, String name) {
    return contacts.stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals(name)).findFirst()
        .orElseThrow();
  }

  private static java.util.List<String> names(JsonArray contacts) {
    return contacts.stream().map(c -> ((JsonObject) c).getString("name")).toList();
  }
}
