package cn.anxin.platform.launch;

import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.IdCards;
import cn.anxin.platform.privacy.SealedIdCard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * The demo elders of 楚雄市 with their identity (generated, valid ID-card numbers of area 532301),
 * residence, categories, risk tier, ability assessments and status periods (one elder is away).
 */
final class DemoElders {

  /**
   * A demo elder.
   *
   * @param sequence the three-digit sequence code of the ID card; its last digit is odd for a man
   */
  record DemoElder(String code, String name, String sex, String birthDate, String sequence, String siteCode,
      String address, String areaCode, String grid, double lon, double lat, String livingArrangement,
      List<String> categories, String riskTier, String phone) {

    /** The ID-card number: 532301 (楚雄市), the birth date, the sequence code and the check character. */
    String idCard() {
      String first17 = "532301" + birthDate.replace("-", "") + sequence;
      return first17 + IdCards.checkCharacter(first17);
    }
  }

  /**
   * An ability assessment of a demo elder, dated relative to the day of the first seeding so that
   * the demo looks the same whenever it is started from nothing.
   */
  record DemoAssessment(String elderCode, int score, int daysAgo, String assessor, int validMonths) {}

  /** A status period of a demo elder, relative to the day of seeding; toDaysAgo null: open-ended. */
  record DemoStatus(String elderCode, String status, int fromDaysAgo, Integer toDaysAgo, String note) {}

  static final List<DemoElder> ELDERS = List.of(
      new DemoElder("E-0001", "张桂英", "F", "1941-03-12", "024", "S-DC-LUCHENG", "楚雄市鹿城镇团结路 12 号",
          "532301100001", "团结社区第 2 网格", 101.5420, 25.0361, "ALONE", List.of("AGED_80", "LOW_INCOME"),
          "HIGH", "13800000001"),
      new DemoElder("E-0002", "李正华", "M", "1938-10-02", "013", "S-DC-LUCHENG", "楚雄市鹿城镇鹿城南路 48 号",
          "532301100003", "南路社区第 1 网格", 101.5447, 25.0316, "EMPTY_NEST", List.of("AGED_80"),
          "KEY", "13800000002"),
      new DemoElder("E-0003", "王秀兰", "F", "1945-06-21", "046", "S-DC-LUCHENG", "楚雄市鹿城镇北浦路 7 号",
          "532301100002", "北浦社区第 3 网格", 101.5488, 25.0412, "LEFT_BEHIND", List.of("DISABLED"),
          "HIGH", "13800000003"),
      new DemoElder("E-0004", "杨国富", "M", "1940-01-30", "031", "S-DC-DONGGUA", "楚雄市东瓜镇东瓜村 3 组",
          "532301101001", "东瓜社区第 1 网格", 101.5921, 25.0102, "WITH_FAMILY",
          List.of("AGED_80", "EXTREME_POVERTY"), "GENERAL", "13800000004"),
      new DemoElder("E-0005", "陈玉珍", "F", "1932-08-15", "062", "S-INST-LUCHENG", "楚雄市鹿城镇福康路 楚雄市鹿城颐养院",
          "532301100004", "福康社区第 1 网格", 101.5502, 25.0452, "IN_INSTITUTION",
          List.of("AGED_80", "DEMENTIA", "DISABLED"), "HIGH", null),
      new DemoElder("E-0006", "普文清", "M", "1947-04-09", "055", "S-DC-LUCHENG", "楚雄市鹿城镇鹿城南路 102 号",
          "532301100003", "南路社区第 2 网格", 101.5470, 25.0301, "ALONE", List.of("LOW_INCOME"),
          "KEY", "13800000006"),
      new DemoElder("E-0007", "罗秀芬", "F", "1936-12-01", "078", "S-DC-DONGGUA", "楚雄市东瓜镇兴东路 21 号",
          "532301101001", "东瓜社区第 2 网格", 101.5887, 25.0078, "EMPTY_NEST",
          List.of("AGED_80", "SPECIAL_FAMILY"), "KEY", "13800000007"),
      new DemoElder("E-0008", "李凤仙", "F", "1924-02-18", "020", "S-INST-LUCHENG", "楚雄市鹿城镇福康路 楚雄市鹿城颐养院",
          "532301100004", "福康社区第 1 网格", 101.5502, 25.0452, "IN_INSTITUTION",
          List.of("AGED_80", "CENTENARIAN", "DISABLED"), "HIGH", null));

  static final List<DemoAssessment> ASSESSMENTS = List.of(
      new DemoAssessment("E-0001", 52, 120, "赵敏（楚雄市老年人能力评估中心）", 12),
      new DemoAssessment("E-0002", 70, 75, "赵敏（楚雄市老年人能力评估中心）", 12),
      new DemoAssessment("E-0003", 50, 800, "杨春（北浦社区卫生服务站）", 12),
      // Overdue: the next assessment was due 70 days before seeding.
      new DemoAssessment("E-0003", 38, 435, "杨春（北浦社区卫生服务站）", 12),
      new DemoAssessment("E-0004", 90, 200, "马林（东瓜镇卫生院）", 12),
      new DemoAssessment("E-0005", 24, 40, "何春梅（楚雄市鹿城颐养院）", 6),
      new DemoAssessment("E-0006", 80, 260, "赵敏（楚雄市老年人能力评估中心）", 12),
      new DemoAssessment("E-0007", 60, 30, "马林（东瓜镇卫生院）", 12),
      new DemoAssessment("E-0008", 41, 40, "何春梅（楚雄市鹿城颐养院）", 6));

  static final List<DemoStatus> STATUSES = List.of(
      new DemoStatus("E-0002", "HOSPITAL", 160, 151, "楚雄州人民医院 肺炎住院"),
      new DemoStatus("E-0006", "AWAY", 19, null, "到昆明女儿家小住"));

  /** New elders are inserted; an elder of an earlier demo (no ID card yet) gets the new columns once. */
  private static final String UPSERT =
      "INSERT INTO elder (code, name, sex, birth_date, site_id, id_card_cipher, id_card_key, id_card_hash,"
          + " id_card_last4, phone, address, area_code, grid, lon, lat, living_arrangement, categories, risk_tier)"
          + " VALUES (?, ?, ?, ?, (SELECT id FROM site WHERE code = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (code) DO UPDATE SET id_card_cipher = EXCLUDED.id_card_cipher,"
          + " id_card_key = EXCLUDED.id_card_key, id_card_hash = EXCLUDED.id_card_hash,"
          + " id_card_last4 = EXCLUDED.id_card_last4, phone = EXCLUDED.phone, address = EXCLUDED.address,"
          + " area_code = EXCLUDED.area_code, grid = EXCLUDED.grid, lon = EXCLUDED.lon, lat = EXCLUDED.lat,"
          + " living_arrangement = EXCLUDED.living_arrangement, categories = EXCLUDED.categories,"
          + " risk_tier = EXCLUDED.risk_tier WHERE elder.id_card_hash IS NULL";

  /** Assessments only for an elder without any: one statement per elder, for all of its assessments. */
  private static final String ASSESSMENTS_OF =
      "INSERT INTO ability_assessment (elder_id, score, assessed_on, assessor, next_due)"
          + " SELECT e.id, v.score, v.assessed_on, v.assessor, v.next_due FROM elder e, (VALUES %s)"
          + " AS v (score, assessed_on, assessor, next_due) WHERE e.code = ? AND NOT EXISTS"
          + " (SELECT 1 FROM ability_assessment a WHERE a.elder_id = e.id)";

  /**
   * A status period only for an elder without any, so that periods recorded since are left alone
   * (hence at most one demo period per elder).
   */
  private static final String STATUS =
      "INSERT INTO elder_status (elder_id, status, from_date, to_date, note)"
          + " SELECT e.id, ?, ?, ?, ? FROM elder e WHERE e.code = ? AND NOT EXISTS"
          + " (SELECT 1 FROM elder_status x WHERE x.elder_id = e.id)";

  private DemoElders() {}

  static void seed(Connection c, IdCardVault vault, LocalDate today) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      for (DemoElder e : ELDERS) {
        SealedIdCard sealed = vault.seal(e.idCard());
        s.setString(1, e.code());
        s.setString(2, e.name());
        s.setString(3, e.sex());
        s.setObject(4, LocalDate.parse(e.birthDate()));
        s.setString(5, e.siteCode());
        s.setBytes(6, sealed.cipher());
        s.setString(7, sealed.keyId());
        s.setBytes(8, sealed.hash());
        s.setString(9, sealed.last4());
        s.setString(10, e.phone());
        s.setString(11, e.address());
        s.setString(12, e.areaCode());
        s.setString(13, e.grid());
        s.setDouble(14, e.lon());
        s.setDouble(15, e.lat());
        s.setString(16, e.livingArrangement());
        s.setArray(17, c.createArrayOf("text", e.categories().toArray()));
        s.setString(18, e.riskTier());
        s.addBatch();
      }
      s.executeBatch();
    }
    assessments(c, today);
    statuses(c, today);
  }

  private static void assessments(Connection c, LocalDate today) throws SQLException {
    for (DemoElder elder : ELDERS) {
      List<DemoAssessment> own = ASSESSMENTS.stream().filter(a -> a.elderCode().equals(elder.code())).toList();
      if (own.isEmpty()) {
        continue;
      }
      String rows = String.join(", ", java.util.Collections.nCopies(own.size(), "(?::smallint, ?::date, ?, ?::date)"));
      try (PreparedStatement s = c.prepareStatement(String.format(ASSESSMENTS_OF, rows))) {
        int i = 1;
        for (DemoAssessment a : own) {
          LocalDate on = today.minusDays(a.daysAgo());
          s.setInt(i++, a.score());
          s.setObject(i++, on);
          s.setString(i++, a.assessor());
          s.setObject(i++, on.plusMonths(a.validMonths()));
        }
        s.setString(i, elder.code());
        s.executeUpdate();
      }
    }
  }

  private static void statuses(Connection c, LocalDate today) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(STATUS)) {
      for (DemoStatus p : STATUSES) {
        s.setString(1, p.status());
        s.setObject(2, today.minusDays(p.fromDaysAgo()));
        s.setObject(3, p.toDaysAgo() == null ? null : today.minusDays(p.toDaysAgo()), java.sql.Types.DATE);
        s.setString(4, p.note());
        s.setString(5, p.elderCode());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
