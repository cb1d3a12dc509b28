package cn.anxin.platform.launch;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.privacy.PiiKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo registry the run command seeds: sites, elders and devices in Chuxiong, with device
 * secrets published in docs/demo.md. Seeding twice changes nothing.
 */
public final class DemoRegistry {

  /** A demo device and the secret it connects with. */
  public record DemoDevice(String id, String kind, String elderCode, String siteCode, String room, String secret) {}

  public static final List<DemoDevice> DEVICES = List.of(
      new DemoDevice("radar-001", "FALL_RADAR", "E-0001", "S-HOME-0001", "bathroom", "anxin-demo-radar-001"),
      new DemoDevice("wearable-001", "WEARABLE", "E-0002", "S-DC-LUCHENG", null, "anxin-demo-wearable-001"),
      new DemoDevice("radar-002", "FALL_RADAR", "E-0003", "S-HOME-0003", "bedroom", "anxin-demo-radar-002"),
      new DemoDevice("wearable-002", "WEARABLE", "E-0004", "S-DC-DONGGUA", null, "anxin-demo-wearable-002"));

  private static final String SITE =
      "INSERT INTO site (code, name, kind, address, lon, lat) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (code) DO NOTHING";
  private static final String ELDER =
      "INSERT INTO elder (code, name, sex, birth_date, site_id)"
          + " VALUES (?, ?, ?, ?::date, (SELECT id FROM site WHERE code = ?)) ON CONFLICT (code) DO NOTHING";
  private static final String DEVICE =
      "INSERT INTO device (id, kind, model, secret_hash, elder_id, site_id, room)"
          + " VALUES (?, ?, ?, ?, (SELECT id FROM elder WHERE code = ?), (SELECT id FROM site WHERE code = ?), ?)"
          + " ON CONFLICT (id) DO NOTHING";

  private DemoRegistry() {}

  public static void seed(DataSource dataSource, SecretHasher hasher, PiiKeys keys) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      sites(c);
      elders(c);
      devices(c, hasher);
      c.commit();
    }
  }

  private static void sites(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SITE)) {
      site(s, "S-DC-LUCHENG", "鹿城镇日间照料中心", "DAY_CARE", "楚雄市鹿城镇鹿城南路", 101.5461, 25.0328);
      site(s, "S-DC-DONGGUA", "东瓜镇社区养老服务站", "DAY_CARE", "楚雄市东瓜镇", 101.5903, 25.0089);
      site(s, "S-HOME-0001", "张桂英家", "HOME", "楚雄市鹿城镇团结路", 101.5420, 25.0361);
      site(s, "S-HOME-0003", "王秀兰家", "HOME", "楚雄市鹿城镇北浦路", 101.5488, 25.0412);
      s.executeBatch();
    }
  }

  private static void site(PreparedStatement s, String code, String name, String kind, String address,
      double lon, double lat) throws SQLException {
    s.setString(1, code);
    s.setString(2, name);
    s.setString(3, kind);
    s.setString(4, address);
    s.setDouble(5, lon);
    s.setDouble(6, lat);
    s.addBatch();
  }

  private static void elders(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ELDER)) {
      elder(s, "E-0001", "张桂英", "F", "1941-03-12", "S-DC-LUCHENG");
      elder(s, "E-0002", "李正华", "M", "1938-10-02", "S-DC-LUCHENG");
      elder(s, "E-0003", "王秀兰", "F", "1945-06-21", "S-DC-LUCHENG");
      elder(s, "E-0004", "杨国富", "M", "1940-01-30", "S-DC-DONGGUA");
      s.executeBatch();
    }
  }

  private static void elder(PreparedStatement s, String code, String name, String sex, String birth,
      String siteCode) throws SQLException {
    s.setString(1, code);
    s.setString(2, name);
    s.setString(3, sex);
    s.setString(4, birth);
    s.setString(5, siteCode);
    s.addBatch();
  }

  private static void devices(Connection c, SecretHasher hasher) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(DEVICE)) {
      for (DemoDevice d : DEVICES) {
        s.setString(1, d.id());
        s.setString(2, d.kind());
        s.setString(3, d.kind().equals("FALL_RADAR") ? "mmWave 60 GHz" : "4G SOS pendant");
        s.setString(4, hasher.hash(d.secret()));
        s.setString(5, d.elderCode());
        s.setString(6, d.siteCode());
        s.setString(7, d.room());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
