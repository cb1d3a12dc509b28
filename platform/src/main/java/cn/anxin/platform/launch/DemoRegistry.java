package cn.anxin.platform.launch;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.PiiKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo registry the run command seeds, in 楚雄市: sites with owners and beds, elders with
 * sealed ID cards, assessments, a status period, contacts and consent, accounts for every role and
 * the four demo devices. Passwords and device secrets are published in docs/demo.md. Seeding again
 * adds only what is missing and changes nothing that exists.
 */
public final class DemoRegistry {

  /** A demo device and the secret it connects with. */
  public record DemoDevice(String id, String kind, String elderCode, String siteCode, String room, String secret) {}

  /** A demo account and its published password; staff, supervisors and nurses work for the sites named. */
  public record DemoAccount(String username, String displayName, Role role, String password,
      List<String> siteCodes, DutyPosition duty) {}

  /** Where a member of staff on duty is, for the care map's dispatch. */
  public record DutyPosition(double lon, double lat) {}

  public static final List<DemoDevice> DEVICES = List.of(
      new DemoDevice("radar-001", "FALL_RADAR", "E-0001", "S-HOME-0001", "bathroom", "anxin-demo-radar-001"),
      new DemoDevice("wearable-001", "WEARABLE", "E-0002", "S-DC-LUCHENG", null, "anxin-demo-wearable-001"),
      new DemoDevice("radar-002", "FALL_RADAR", "E-0003", "S-HOME-0003", "bedroom", "anxin-demo-radar-002"),
      new DemoDevice("wearable-002", "WEARABLE", "E-0004", "S-DC-DONGGUA", null, "anxin-demo-wearable-002"));

  public static final List<DemoAccount> ACCOUNTS = List.of(
      new DemoAccount("admin", "系统管理员", Role.ADMIN, "anxin-demo-admin", List.of(), null),
      new DemoAccount("zhang.staff", "张敏", Role.STAFF, "anxin-demo-staff", List.of("S-DC-LUCHENG"),
          new DutyPosition(101.5458, 25.0335)),
      new DemoAccount("wang.supervisor", "王丽萍", Role.SUPERVISOR, "anxin-demo-supervisor",
          List.of("S-DC-LUCHENG"), null),
      new DemoAccount("yang.staff", "杨帆", Role.STAFF, "anxin-demo-donggua", List.of("S-DC-DONGGUA"),
          new DutyPosition(101.5899, 25.0093)),
      new DemoAccount("he.nurse", "何春梅", Role.STAFF, "anxin-demo-nurse", List.of("S-INST-LUCHENG"),
          new DutyPosition(101.5504, 25.0449)),
      new DemoAccount("li.family", "李建国", Role.FAMILY, "anxin-demo-family", List.of(), null),
      new DemoAccount("cx.bureau", "楚雄州民政局", Role.BUREAU, "anxin-demo-bureau", List.of(), null));

  /** The codes of the demo elders, E-0001 first. */
  public static final List<String> ELDER_CODES =
      DemoElders.ELDERS.stream().map(DemoElders.DemoElder::code).toList();

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private static final String DEVICE =
      "INSERT INTO device (id, kind, model, secret_hash, elder_id, site_id, room)"
          + " VALUES (?, ?, ?, ?, (SELECT id FROM elder WHERE code = ?), (SELECT id FROM site WHERE code = ?), ?)"
          + " ON CONFLICT (id) DO NOTHING";
  private static final String BINDING =
      "INSERT INTO device_binding (device_id, elder_id, site_id, room, from_at)"
          + " SELECT d.id, d.elder_id, d.site_id, d.room, d.created_at FROM device d WHERE d.id = ?"
          + " AND NOT EXISTS (SELECT 1 FROM device_binding b WHERE b.device_id = d.id)";
  private static final String DUTY =
      "INSERT INTO staff_duty (account_id, on_duty, lon, lat, updated_at)"
          + " SELECT id, true, ?, ?, now() FROM account WHERE username = ? ON CONFLICT (account_id) DO NOTHING";

  private DemoRegistry() {}

  public static void seed(DataSource dataSource, SecretHasher hasher, PiiKeys keys) throws SQLException {
    seed(dataSource, hasher, keys, Clock.systemUTC());
  }

  /**
   * Seeds the registry; assessments and status periods are dated relative to the clock's day in
   * China Standard Time.
   */
  public static void seed(DataSource dataSource, SecretHasher hasher, PiiKeys keys, Clock clock)
      throws SQLException {
    if (keys == null) {
      throw new IllegalStateException(
          "the demo registry seals ID-card numbers: set ANXIN_PII_KEYS and ANXIN_PII_HASH_KEY");
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        DemoSites.seed(c);
        DemoElders.seed(c, new IdCardVault(keys), LocalDate.now(clock.withZone(CHINA)));
        accounts(c, new Accounts(hasher));
        DemoContacts.seed(c);
        devices(c, hasher);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Creates the accounts that do not exist yet; an existing account keeps its password and sites. */
  private static void accounts(Connection c, Accounts accounts) throws SQLException {
    for (DemoAccount a : ACCOUNTS) {
      if (!exists(c, "SELECT 1 FROM account WHERE username = ?", a.username())) {
        List<Long> sites = new ArrayList<>();
        for (String code : a.siteCodes()) {
          sites.add(siteId(c, code));
        }
        accounts.create(c, a.username(), a.displayName(), a.role(), a.password(), sites);
      }
    }
    try (PreparedStatement s = c.prepareStatement(DUTY)) {
      for (DemoAccount a : ACCOUNTS) {
        if (a.duty() != null) {
          s.setDouble(1, a.duty().lon());
          s.setDouble(2, a.duty().lat());
          s.setString(3, a.username());
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  private static void devices(Connection c, SecretHasher hasher) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(DEVICE)) {
      for (DemoDevice d : DEVICES) {
        if (exists(c, "SELECT 1 FROM device WHERE id = ?", d.id())) {
          continue;
        }
        s.setString(1, d.id());
        s.setString(2, d.kind());
        s.setString(3, d.kind().equals("FALL_RADAR") ? "mmWave 60 GHz" : "4G SOS pendant");
        s.setString(4, hasher.hashGenerated(d.secret()));
        s.setString(5, d.elderCode());
        s.setString(6, d.siteCode());
        s.setString(7, d.room());
        s.addBatch();
      }
      s.executeBatch();
    }
    try (PreparedStatement s = c.prepareStatement(BINDING)) {
      for (DemoDevice d : DEVICES) {
        s.setString(1, d.id());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static long siteId(Connection c, String code) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM site WHERE code = ?")) {
      s.setString(1, code);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new IllegalStateException("no demo site " + code);
        }
        return r.getLong(1);
      }
    }
  }

  private static boolean exists(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
