package cn.anxin.platform.launch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The demo sites in 楚雄市 (statistical division code 532301): day-care centres of two towns
 * (鹿城镇 532301100, 东瓜镇 532301101), an institution with nursing beds, a meal station and two homes.
 */
final class DemoSites {

  /** A demo site. Beds only for the institution. */
  record DemoSite(String code, String name, String kind, String address, String areaCode, double lon, double lat,
      String ownerOrg, String phone, Integer beds, Integer nursingBeds) {}

  static final List<DemoSite> SITES = List.of(
      new DemoSite("S-DC-LUCHENG", "鹿城镇日间照料中心", "DAY_CARE", "楚雄市鹿城镇鹿城南路", "532301100003",
          101.5461, 25.0328, "楚雄市鹿城镇人民政府", "0878-3120001", null, null),
      new DemoSite("S-DC-DONGGUA", "东瓜镇社区养老服务站", "DAY_CARE", "楚雄市东瓜镇", "532301101001",
          101.5903, 25.0089, "楚雄市东瓜镇人民政府", "0878-3120002", null, null),
      new DemoSite("S-INST-LUCHENG", "楚雄市鹿城颐养院", "INSTITUTION", "楚雄市鹿城镇福康路", "532301100004",
          101.5502, 25.0452, "楚雄市民政局", "0878-3120003", 160, 96),
      new DemoSite("S-MEAL-TUANJIE", "团结社区老年幸福食堂", "MEAL_STATION", "楚雄市鹿城镇团结路", "532301100001",
          101.5432, 25.0355, "鹿城镇团结社区居民委员会", "0878-3120004", null, null),
      new DemoSite("S-HOME-0001", "张桂英家", "HOME", "楚雄市鹿城镇团结路", "532301100001",
          101.5420, 25.0361, null, null, null, null),
      new DemoSite("S-HOME-0003", "王秀兰家", "HOME", "楚雄市鹿城镇北浦路", "532301100002",
          101.5488, 25.0412, null, null, null, null));

  /** New sites are inserted; a site of an earlier demo gets the columns it lacks, nothing else. */
  private static final String UPSERT =
      "INSERT INTO site (code, name, kind, address, area_code, lon, lat, owner_org, phone, beds, nursing_beds)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET"
          + " area_code = COALESCE(site.area_code, EXCLUDED.area_code),"
          + " owner_org = COALESCE(site.owner_org, EXCLUDED.owner_org),"
          + " phone = COALESCE(site.phone, EXCLUDED.phone),"
          + " beds = COALESCE(site.beds, EXCLUDED.beds),"
          + " nursing_beds = COALESCE(site.nursing_beds, EXCLUDED.nursing_beds)"
          + " WHERE site.area_code IS NULL";

  private DemoSites() {}

  static void seed(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      for (DemoSite site : SITES) {
        s.setString(1, site.code());
        s.setString(2, site.name());
        s.setString(3, site.kind());
        s.setString(4, site.address());
        s.setString(5, site.areaCode());
        s.setDouble(6, site.lon());
        s.setDouble(7, site.lat());
        s.setString(8, site.ownerOrg());
        s.setString(9, site.phone());
        setInteger(s, 10, site.beds());
        setInteger(s, 11, site.nursingBeds());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }
}
