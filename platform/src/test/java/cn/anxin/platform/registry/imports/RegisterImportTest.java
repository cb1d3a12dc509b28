package cn.anxin.platform.registry.imports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.IdCards;
import cn.anxin.platform.privacy.PiiKeys;
import cn.anxin.platform.privacy.SealedIdCard;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/** The bureau's site and device registers imported through the API, as CSV and XLSX with Chinese headers. */
class RegisterImportTest extends OnRunningStack {

  private static final String SITES = String.join("\n",
      "站点编码,站点名称,站点类型,地址,行政区划代码,经度,纬度,运营单位,床位数,护理型床位数",
      "S-IMP-01,鹿城镇第二日间照料中心,日间照料中心,楚雄市鹿城镇,532301100,101.5461,25.0328,鹿城镇人民政府,20,",
      "S-IMP-02,楚雄市福利院,养老机构,楚雄市开发区,532301,101.55,25.04,楚雄市民政局,200,120");

  @Test
  void givenASiteRegisterInCsv_whenImportedTwice_thenSitesAreCreatedOnceAndTheSecondImportChangesNothing() throws Exception {
    Answer first = stack.admin().upload("/api/imports/sites", SITES.getBytes(StandardCharsets.UTF_8));
    Answer again = stack.admin().upload("/api/imports/sites", SITES.getBytes(StandardCharsets.UTF_8));

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getInteger("created")).isEqualTo(2);
    assertThat(again.json().getInteger("created")).isZero();
    assertThat(again.json().getInteger("unchanged")).isEqualTo(2);
    assertThat(TestRegistry.count(db, "SELECT nursing_beds FROM site WHERE code = 'S-IMP-02'")).isEqualTo(120);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM site WHERE code LIKE 'S-IMP-%'")).isEqualTo(2);
  }

  @Test
  void givenARegisterWithBadRows_whenImported_thenNothingIsWrittenAndEachProblemIsNamedByRowAndColumn() throws Exception {
    String csv = String.join("\n",
        "站点编码,站点名称,站点类型,床位数,护理型床位数,经度",
        "S-BAD-01,好站点,日间照料中心,10,,",
        "S-BAD-02,床位不对,养老机构,10,30,",
        "S-BAD-03,类型不对,医院,,,",
        "S-BAD-04,只有经度,社区,,,101.5");

    Answer zh = stack.admin().upload("/api/imports/sites", csv.getBytes(StandardCharsets.UTF_8));
    Answer en = stack.admin().inLanguage("en").upload("/api/imports/sites", csv.getBytes(StandardCharsets.UTF_8));

    assertThat(zh.status()).as(zh.body()).isEqualTo(422);
    assertThat(zh.isProblem()).isTrue();
    assertThat(zh.json().getBoolean("written")).isFalse();
    var problems = zh.json().getJsonArray("problems");
    assertThat(problems.stream().map(p -> ((JsonObject) p).getInteger("row") + ":" + ((JsonObject) p).getString("column")))
        .contains("3:护理型床位数", "4:站点类型", "5:经度");
    assertThat(problems.encode()).contains("护理型床位");
    assertThat(en.json().getJsonArray("problems").encode()).doesNotContainPattern("[\\u4e00-\\u9fff]{4}床位不");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM site WHERE code LIKE 'S-BAD-%'")).isZero();

    Answer partial = stack.admin().upload("/api/imports/sites?mode=valid-rows", csv.getBytes(StandardCharsets.UTF_8));

    assertThat(partial.status()).isEqualTo(200);
    assertThat(partial.json().getInteger("created")).isEqualTo(1);
    assertThat(partial.json().getInteger("rejected")).isEqualTo(3);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM site WHERE code LIKE 'S-BAD-%'")).isEqualTo(1);
  }

  @Test
  void givenADeviceRegisterInXlsxBoundByIdCard_whenImported_thenEachNewDeviceGetsASecretOnceThatConnects() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "马秀英", "radar-imp-existing", "secret");
    String first17 = "53230119420505002";
    String idCard = first17 + IdCards.checkCharacter(first17);
    SealedIdCard sealed = new IdCardVault(PiiKeys.ephemeral()).seal(idCard);
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE elder SET id_card_cipher = ?, id_card_key = ?, id_card_hash = ?, id_card_last4 = ? WHERE id = ?")) {
      s.setBytes(1, sealed.cipher());
      s.setString(2, sealed.keyId());
      s.setBytes(3, sealed.hash());
      s.setString(4, sealed.last4());
      s.setLong(5, elder);
      s.executeUpdate();
    }
    byte[] xlsx = xlsx(new String[][] {
        {"设备编号", "设备类型", "型号", "老人身份证号", "安装位置"},
        {"wear-imp-01", "智能手环", "4G SOS", idCard, ""},
        {"radar-imp-existing", "跌倒雷达", "mmWave 60 GHz", idCard, "卫生间"}});

    Answer answer = stack.admin().upload("/api/imports/devices", xlsx);
    Answer again = stack.admin().upload("/api/imports/devices", xlsx);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().getString("format")).isEqualTo("XLSX");
    assertThat(answer.json().getInteger("created")).isEqualTo(1);
    assertThat(answer.json().getInteger("updated")).isEqualTo(1);
    assertThat(answer.json().getJsonArray("credentials")).hasSize(1);
    String secret = answer.json().getJsonArray("credentials").getJsonObject(0).getString("secret");
    assertThat(again.json().getInteger("unchanged")).isEqualTo(2);
    assertThat(again.json().getJsonArray("credentials")).as("a secret is shown once").isEmpty();
    assertThat(TestRegistry.count(db, "SELECT elder_id FROM device WHERE id = 'wear-imp-01'")).isEqualTo(elder);
    try (MqttClient device = stack.connectV3("wear-imp-01", secret)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect();
    }
  }

  @Test
  void givenARowThatChangesADevicesKindOrNamesAnUnknownSite_whenImported_thenThoseRowsAreRefused() throws Exception {
    TestRegistry.elderWithRadar(db, "段福林", "radar-imp-kind", "secret");
    String csv = "设备编号,设备类型,站点编码\nradar-imp-kind,智能水表,\nmeter-imp-01,智能水表,S-NO-SUCH\n";

    Answer answer = stack.admin().upload("/api/imports/devices", csv.getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.json().getJsonArray("problems").encode())
        .contains("设备类型不能更改").contains("没有这个站点编码");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device WHERE id = 'meter-imp-01'")).isZero();
  }

  @Test
  void givenAStaffAccount_whenItImports_thenItIsRefused() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "普光明", "radar-imp-staff", "secret");
    cn.anxin.platform.testing.TestAccounts.create(db, "imp.staff", cn.anxin.platform.access.Role.STAFF,
        TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder));

    Answer answer = stack.signIn("imp.staff").upload("/api/imports/sites", SITES.getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(403);
  }

  private static byte[] xlsx(String[][] rows) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook book = new Workbook(out, "anxin-test", "1.0")) {
      Worksheet sheet = book.newWorksheet("登记表");
      for (int r = 0; r < rows.length; r++) {
        for (int c = 0; c < rows[r].length; c++) {
          sheet.value(r, c, rows[r][c]);
        }
      }
    }
    return out.toByteArray();
  }
}
