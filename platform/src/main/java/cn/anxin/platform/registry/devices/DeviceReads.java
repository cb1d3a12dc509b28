package cn.anxin.platform.registry.devices;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads devices and their binding history inside the caller's transaction and scope. */
public final class DeviceReads {

  /** The list filters; null means "any". */
  public record Filter(String kind, Long siteId, Long elderId, Boolean online, Boolean enabled,
      int limit, int offset) {}

  /** One page of a list, and how many match in all. */
  public record Page(List<DeviceView> items, long total) {}

  private static final String FROM = " FROM device d LEFT JOIN elder e ON e.id = d.elder_id"
      + " LEFT JOIN site s ON s.id = d.site_id"
      + " LEFT JOIN device_binding b ON b.device_id = d.id AND b.to_at IS NULL";
  private static final String WHERE = " WHERE (?::text IS NULL OR d.kind = ?)"
      + " AND (?::bigint IS NULL OR d.site_id = ?) AND (?::bigint IS NULL OR d.elder_id = ?)"
      + " AND (?::boolean IS NULL OR d.online = ?) AND (?::boolean IS NULL OR d.enabled = ?)";

  private DeviceReads() {}

  public static Page list(Connection c, Principal p, Filter f) throws SQLException {
    String scope = " AND " + Scope.devices(p, "d");
    long total;
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM device d" + WHERE + scope)) {
      bindFilter(s, f);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    List<DeviceView> items = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(select(p) + FROM + WHERE + scope
        + " ORDER BY d.id LIMIT ? OFFSET ?")) {
      bindFilter(s, f);
      s.setInt(11, f.limit());
      s.setInt(12, f.offset());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          items.add(view(r));
        }
      }
    }
    return new Page(items, total);
  }

  /** One device; empty when it does not exist or is outside the caller's scope. */
  public static Optional<DeviceView> one(Connection c, Principal p, String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(select(p) + FROM + " WHERE d.id = ? AND " + Scope.devices(p, "d"))) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(view(r)) : Optional.empty();
      }
    }
  }

  /** Whether the device exists and is in the caller's scope. */
  public static boolean visible(Connection c, Principal p, String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM device d WHERE d.id = ? AND " + Scope.devices(p, "d"))) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** A device's bindings, newest first (the device itself must have been checked to be visible). */
  public static List<DeviceView.HistoryEntry> history(Connection c, Principal p, String deviceId)
      throws SQLException {
    String sql = "SELECT b.id, b.elder_id, CASE WHEN " + Scope.elders(p, "e") + " THEN e.name END AS elder_name,"
        + " b.site_id, CASE WHEN " + Scope.siteId(p, "s.id") + " THEN s.name END AS site_name,"
        + " b.room, b.from_at, b.to_at, b.bound_by, a.display_name"
        + " FROM device_binding b LEFT JOIN elder e ON e.id = b.elder_id LEFT JOIN site s ON s.id = b.site_id"
        + " LEFT JOIN account a ON a.id = b.bound_by WHERE b.device_id = ? ORDER BY b.from_at DESC, b.id DESC";
    List<DeviceView.HistoryEntry> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new DeviceView.HistoryEntry(r.getLong("id"),
              new DeviceView.Bound(r.getObject("elder_id", Long.class), r.getString("elder_name"),
                  r.getObject("site_id", Long.class), r.getString("site_name"), r.getString("room"),
                  instant(r.getTimestamp("from_at")), instant(r.getTimestamp("to_at"))),
              r.getObject("bound_by", Long.class), r.getString("display_name")));
        }
      }
    }
    return out;
  }

  private static String select(Principal p) {
    return "SELECT d.id, d.kind, d.model, d.enabled, d.online, d.last_seen_at, d.connectivity_changed_at,"
        + " d.offline_reason, d.battery, d.firmware, d.created_at, d.secret_issued_at, d.elder_id,"
        + " CASE WHEN " + Scope.elders(p, "e") + " THEN e.name END AS elder_name, d.site_id,"
        + " CASE WHEN " + Scope.siteId(p, "s.id") + " THEN s.name END AS site_name, d.room,"
        + " b.from_at AS bound_from";
  }

  private static void bindFilter(PreparedStatement s, Filter f) throws SQLException {
    s.setString(1, f.kind());
    s.setString(2, f.kind());
    s.setObject(3, f.siteId(), Types.BIGINT);
    s.setObject(4, f.siteId(), Types.BIGINT);
    s.setObject(5, f.elderId(), Types.BIGINT);
    s.setObject(6, f.elderId(), Types.BIGINT);
    s.setObject(7, f.online(), Types.BOOLEAN);
    s.setObject(8, f.online(), Types.BOOLEAN);
    s.setObject(9, f.enabled(), Types.BOOLEAN);
    s.setObject(10, f.enabled(), Types.BOOLEAN);
  }

  private static DeviceView view(ResultSet r) throws SQLException {
    return new DeviceView(r.getString("id"), r.getString("kind"), r.getString("model"),
        r.getBoolean("enabled"), r.getBoolean("online"), instant(r.getTimestamp("last_seen_at")),
        instant(r.getTimestamp("connectivity_changed_at")), r.getString("offline_reason"),
        r.getObject("battery", Integer.class), r.getString("firmware"), instant(r.getTimestamp("created_at")),
        instant(r.getTimestamp("secret_issued_at")),
        new DeviceView.Bound(r.getObject("elder_id", Long.class), r.getString("elder_name"),
            r.getObject("site_id", Long.class), r.getString("site_name"), r.getString("room"),
            instant(r.getTimestamp("bound_from")), null));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
