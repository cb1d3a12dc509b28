package cn.anxin.platform.launch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The demo elders' contacts (one of them linked to the family account li.family) and consent
 * records: written consent to notify family, and the elders' own consent to health monitoring by a
 * fall radar or to location by a pendant.
 */
final class DemoContacts {

  /** A contact; notifyConsent comes with a consent record. familyUsername links a FAMILY account. */
  record DemoContact(String elderCode, String name, String relation, String phone, List<String> channels,
      int priority, String familyUsername, boolean notifyConsent, String method, String evidence) {}

  /** The elder's own consent (no contact). */
  record DemoConsent(String elderCode, String purpose, String method, String evidence) {}

  static final List<DemoContact> CONTACTS = List.of(
      new DemoContact("E-0001", "李建国", "儿子", "13800000101", List.of("SMS", "APP"), 1, "li.family", true,
          "WRITTEN", "书面同意书，存档于鹿城镇日间照料中心"),
      new DemoContact("E-0001", "赵丽", "邻居", "13800000102", List.of("VOICE"), 2, null, false, null, null),
      new DemoContact("E-0002", "李娟", "女儿", "13800000201", List.of("SMS", "VOICE"), 1, null, true,
          "WRITTEN", "书面同意书，存档于鹿城镇日间照料中心"),
      new DemoContact("E-0003", "王海", "儿子", "13800000301", List.of("SMS"), 1, null, true,
          "VERBAL_RECORDED", "电话录音，鹿城镇日间照料中心存档"),
      new DemoContact("E-0003", "杨春", "村医", "13800000302", List.of("VOICE"), 2, null, false, null, null),
      new DemoContact("E-0004", "杨建华", "儿子", "13800000401", List.of("SMS", "VOICE"), 1, null, true,
          "WRITTEN", "书面同意书，存档于东瓜镇社区养老服务站"),
      new DemoContact("E-0005", "陈立", "侄子", "13800000501", List.of("SMS"), 1, null, true,
          "WRITTEN", "入院协议附件，存档于楚雄市鹿城颐养院"),
      new DemoContact("E-0006", "普丽华", "女儿", "13800000601", List.of("SMS", "APP"), 1, null, true,
          "VERBAL_RECORDED", "电话录音，鹿城镇日间照料中心存档"),
      new DemoContact("E-0007", "马晓燕", "网格员", "13800000701", List.of("VOICE"), 1, null, false, null, null),
      new DemoContact("E-0008", "李明德", "孙子", "13800000801", List.of("SMS"), 1, null, true,
          "WRITTEN", "入院协议附件，存档于楚雄市鹿城颐养院"));

  static final List<DemoConsent> OWN_CONSENTS = List.of(
      new DemoConsent("E-0001", "HEALTH_MONITORING", "WRITTEN", "跌倒监测雷达安装同意书"),
      new DemoConsent("E-0002", "LOCATION", "WRITTEN", "定位呼叫器佩戴同意书"),
      new DemoConsent("E-0003", "HEALTH_MONITORING", "WRITTEN", "跌倒监测雷达安装同意书"),
      new DemoConsent("E-0004", "LOCATION", "WRITTEN", "定位呼叫器佩戴同意书"));

  private static final String CONTACT =
      "INSERT INTO elder_contact (elder_id, name, relation, phone, channels, priority, account_id, notify_consent)"
          + " SELECT e.id, ?, ?, ?, ?, ?, (SELECT id FROM account WHERE username = ? AND role = 'FAMILY'), ?"
          + " FROM elder e WHERE e.code = ?"
          + " AND NOT EXISTS (SELECT 1 FROM elder_contact x WHERE x.elder_id = e.id AND x.name = ?)";

  /** A record once per elder, purpose and evidence; recorded by the demo administrator. */
  private static final String CONSENT =
      "INSERT INTO consent_record (elder_id, contact_id, purpose, granted, method, evidence, recorded_by)"
          + " SELECT e.id, (SELECT id FROM elder_contact x WHERE x.elder_id = e.id AND x.name = ?), ?, true, ?, ?,"
          + " (SELECT id FROM account WHERE username = 'admin')"
          + " FROM elder e WHERE e.code = ? AND NOT EXISTS (SELECT 1 FROM consent_record r"
          + " WHERE r.elder_id = e.id AND r.purpose = ? AND r.evidence = ?"
          + " AND r.contact_id IS NOT DISTINCT FROM"
          + " (SELECT id FROM elder_contact x WHERE x.elder_id = e.id AND x.name = ?))";

  private DemoContacts() {}

  static void seed(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CONTACT)) {
      for (DemoContact k : CONTACTS) {
        s.setString(1, k.name());
        s.setString(2, k.relation());
        s.setString(3, k.phone());
        s.setArray(4, c.createArrayOf("text", k.channels().toArray()));
        s.setInt(5, k.priority());
        s.setString(6, k.familyUsername());
        s.setBoolean(7, k.notifyConsent());
        s.setString(8, k.elderCode());
        s.setString(9, k.name());
        s.addBatch();
      }
      s.executeBatch();
    }
    try (PreparedStatement s = c.prepareStatement(CONSENT)) {
      for (DemoContact k : CONTACTS) {
        if (k.notifyConsent()) {
          consent(s, k.elderCode(), k.name(), "NOTIFY_FAMILY", k.method(), k.evidence());
        }
      }
      for (DemoConsent own : OWN_CONSENTS) {
        consent(s, own.elderCode(), null, own.purpose(), own.method(), own.evidence());
      }
      s.executeBatch();
    }
  }

  private static void consent(PreparedStatement s, String elderCode, String contactName, String purpose,
      String method, String evidence) throws SQLException {
    s.setString(1, contactName);
    s.setString(2, purpose);
    s.setString(3, method);
    s.setString(4, evidence);
    s.setString(5, elderCode);
    s.setString(6, purpose);
    s.setString(7, evidence);
    s.setString(8, contactName);
    s.addBatch();
  }
}
