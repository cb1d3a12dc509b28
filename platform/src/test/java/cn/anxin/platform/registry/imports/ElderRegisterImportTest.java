package cn.anxin.platform.registry.imports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.privacy.IdCards;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The elder register, as the bureau keeps it: Chinese headers, Chinese labels, saved by Excel in GB18030. */
class ElderRegisterImportTest extends OnRunningStack {

  private static String idCard(String first17) {
    return first17 + IdCards.checkCharacter(first17);
  }

  private static final String ZHANG = idCard("53230119400212002");
  private static final String LI = idCard("53230119380301001");

  private String register(String siteCode, String zhangPhone) {
    return String.join("\r\n",
        "姓名,身份证号,责任站点编码,联系电话,居住地址,行政区划代码,经度,纬度,居住状况,老人类别,风险等级",
        "张秀珍," + ZHANG + "," + siteCode + "," + zhangPhone + ",楚雄市鹿城镇团结路1号,532301100001,101.542,25.036,独居,高龄、失能,高风险",
        "李德全," + LI.toLowerCase() + "," + siteCode + ",,楚雄市鹿城镇北浦路,,,,空巢,低保,一般");
  }

  @Test
  void givenAGb18030ElderRegister_whenImportedTwiceThenWithAChangedPhone_thenCreatedUnchangedAndUpdated() throws Exception {
    long anyElder = TestRegistry.elderWithRadar(db, "站点占位", "radar-elder-imp", "secret");
    String siteCode = "S-radar-elder-imp";
    Charset gb = Charset.forName("GB18030");

    Answer first = stack.admin().upload("/api/imports/elders", register(siteCode, "13800001111").getBytes(gb));
    Answer again = stack.admin().upload("/api/imports/elders", register(siteCode, "13800001111").getBytes(gb));
    Answer changed = stack.admin().upload("/api/imports/elders", register(siteCode, "13800002222").getBytes(gb));

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getInteger("created")).isEqualTo(2);
    assertThat(again.json().getInteger("unchanged")).as(again.body()).isEqualTo(2);
    assertThat(changed.json().getInteger("updated")).isEqualTo(1);
    assertThat(changed.json().getInteger("unchanged")).isEqualTo(1);
    long zhang = TestRegistry.count(db, "SELECT id FROM elder WHERE name = '张秀珍'");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM elder WHERE id = ? AND phone = '13800002222'"
        + " AND living_arrangement = 'ALONE' AND risk_tier = 'HIGH' AND categories = '{AGED_80,DISABLED}'"
        + " AND sex = 'F' AND birth_date = '1940-02-12' AND site_id = (SELECT site_id FROM elder WHERE id = ?)",
        zhang, anyElder)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM elder WHERE position(? in encode(id_card_cipher, 'escape')) > 0",
        ZHANG)).as("the number is not stored in clear").isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM access_audit WHERE action = 'ELDER_IMPORT'"
        + " AND ? = ANY (elder_ids)", zhang)).as("the first import and the change").isEqualTo(2);
    Answer found = stack.admin().get("/api/elders?idCard=" + ZHANG);
    assertThat(found.json().getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("张秀珍");
  }

  @Test
  void givenABadIdCardAnUnknownSiteAndAMismatchedSex_whenImported_thenEachIsReportedAtItsRowAndColumn() throws Exception {
    TestRegistry.elderWithRadar(db, "站点占位二", "radar-elder-bad", "secret");
    String wrongCheck = ZHANG.substring(0, 17) + (ZHANG.charAt(17) == '1' ? '2' : '1');
    String csv = String.join("\n",
        "姓名,身份证号,责任站点编码,性别",
        "甲," + wrongCheck + ",S-radar-elder-bad,",
        "乙," + idCard("53230119450101003") + ",S-NO-SUCH,",
        "丙," + idCard("53230119450101004") + ",S-radar-elder-bad,男");

    Answer answer = stack.admin().upload("/api/imports/elders", csv.getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.json().getJsonArray("problems").stream()
        .map(p -> ((JsonObject) p).getInteger("row") + ":" + ((JsonObject) p).getString("column")))
        .containsExactlyInAnyOrder("2:身份证号", "3:责任站点编码", "4:性别");
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM elder WHERE name IN ('甲', '乙', '丙')")).isZero();
  }
}
