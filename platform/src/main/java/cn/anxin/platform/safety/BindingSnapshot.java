package cn.anxin.platform.safety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Every device bound to an elder, with the elder's name and responsible site: read once, then only looked up. */
final class BindingSnapshot {

  static final BindingSnapshot EMPTY = new BindingSnapshot(-1, Map.of());

  private static final String ALL =
      "SELECT d.id, d.elder_id, e.name AS elder_name, e.site_id, s.name AS site_name,"
          + " (e.erased_at IS NOT NULL OR EXISTS (SELECT 1 FROM elder_status x WHERE x.elder_id = e.id"
          + "   AND x.status = 'DECEASED')) AS silenced"
          + " FROM device d JOIN elder e ON e.id = d.elder_id LEFT JOIN site s ON s.id = e.site_id";

  private final long epoch;
  private final Map<String, LaneBinding> byDevice;

  private BindingSnapshot(long epoch, Map<String, LaneBinding> byDevice) {
    this.epoch = epoch;
    this.byDevice = byDevice;
  }

  /** The registry's epoch now ({@code binding_epoch}, raised by every change the snapshot reads). */
  static long epoch(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT epoch FROM binding_epoch");
        ResultSet r = s.executeQuery()) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  /** Reads the epoch and the bindings in one snapshot of the database. */
  static BindingSnapshot load(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement s = c.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")) {
        s.execute();
      }
      long epoch = epoch(c);
      Map<String, LaneBinding> byDevice = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement(ALL); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          byDevice.put(r.getString("id"), new LaneBinding(r.getString("id"), r.getLong("elder_id"),
              r.getString("elder_name"), (Long) r.getObject("site_id", Long.class), r.getString("site_name"),
              r.getBoolean("silenced")));
        }
      }
      c.commit();
      return new BindingSnapshot(epoch, Map.copyOf(byDevice));
    } finally {
      c.setAutoCommit(auto);
    }
  }

  long epoch() {
    return epoch;
  }

  int size() {
    return byDevice.size();
  }

  Optional<LaneBinding> of(String deviceId) {
    return Optional.ofNullable(byDevice.get(deviceId));
  }
}
