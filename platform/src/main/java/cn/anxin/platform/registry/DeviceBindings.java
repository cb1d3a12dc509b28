package cn.anxin.platform.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Device to elder and site look-ups, inside the caller's transaction. */
public final class DeviceBindings {

  private static final String FIND =
      "SELECT id, kind, elder_id, site_id, room FROM device WHERE id = ?";
  private static final String FIND_ALL =
      "SELECT id, kind, elder_id, site_id, room FROM device WHERE id = ANY(?)";
  private static final String SEEN_ALL =
      "UPDATE device d SET last_seen_at = GREATEST(d.last_seen_at, u.at),"
          + " battery = COALESCE(u.battery, d.battery), firmware = COALESCE(u.firmware, d.firmware)"
          + " FROM unnest(?::text[], ?::timestamptz[], ?::smallint[], ?::text[]) AS u(id, at, battery, firmware)"
          + " WHERE d.id = u.id";
  private static final String SEEN =
      "UPDATE device SET last_seen_at = GREATEST(last_seen_at, ?),"
          + " battery = COALESCE(?, battery), firmware = COALESCE(?, firmware) WHERE id = ?";

  /** What a device said of itself when heard: the latest receipt, battery and firmware it reported. */
  public record Seen(String deviceId, java.time.Instant at, Integer battery, String firmware) {}

  public Optional<DeviceBinding> find(Connection c, String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FIND)) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(binding(r)) : Optional.empty();
      }
    }
  }

  /** The registered devices among these ids, in one statement; unknown ids are left out. */
  public Map<String, DeviceBinding> findAll(Connection c, Collection<String> deviceIds) throws SQLException {
    Map<String, DeviceBinding> found = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(FIND_ALL)) {
      s.setArray(1, c.createArrayOf("text", deviceIds.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          DeviceBinding binding = binding(r);
          found.put(binding.deviceId(), binding);
        }
      }
    }
    return found;
  }

  private static DeviceBinding binding(ResultSet r) throws SQLException {
    return new DeviceBinding(
        r.getString("id"),
        r.getString("kind"),
        Optional.ofNullable((Long) r.getObject("elder_id", Long.class)),
        Optional.ofNullable((Long) r.getObject("site_id", Long.class)),
        Optional.ofNullable(r.getString("room")));
  }

  /**
   * Records that these devices were heard from, one statement for all: as {@link #seen} per device,
   * with its latest receipt and the last battery and firmware it reported (null: unchanged).
   */
  public void seenAll(Connection c, List<Seen> devices) throws SQLException {
    if (devices.isEmpty()) {
      return;
    }
    int n = devices.size();
    String[] ids = new String[n];
    Timestamp[] at = new Timestamp[n];
    Short[] battery = new Short[n];
    String[] firmware = new String[n];
    for (int i = 0; i < n; i++) {
      Seen seen = devices.get(i);
      ids[i] = seen.deviceId();
      at[i] = Timestamp.from(seen.at());
      battery[i] = seen.battery() == null ? null : seen.battery().shortValue();
      firmware[i] = seen.firmware();
    }
    try (PreparedStatement s = c.prepareStatement(SEEN_ALL)) {
      s.setArray(1, c.createArrayOf("text", ids));
      s.setArray(2, c.createArrayOf("timestamptz", at));
      s.setArray(3, c.createArrayOf("int2", battery));
      s.setArray(4, c.createArrayOf("text", firmware));
      s.executeUpdate();
    }
  }

  /** Records that the device was heard from, with what it said of itself. */
  public void seen(Connection c, String deviceId, java.time.Instant at, Integer battery, String firmware)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SEEN)) {
      s.setTimestamp(1, java.sql.Timestamp.from(at));
      if (battery == null) {
        s.setNull(2, java.sql.Types.SMALLINT);
      } else {
        s.setShort(2, battery.shortValue());
      }
      s.setString(3, firmware);
      s.setString(4, deviceId);
      s.executeUpdate();
    }
  }
}
