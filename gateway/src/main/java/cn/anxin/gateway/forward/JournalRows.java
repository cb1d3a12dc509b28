package cn.anxin.gateway.forward;

import cn.anxin.gateway.decode.DeviceEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's SQL for a batch of events, in the caller's transaction: one multi-row insert (the
 * batch as arrays, unnested in arrival order) that skips (device, msgId) pairs already stored,
 * then one look-up of the ids of those it skipped. Within a batch the first of two events with
 * the same (device, msgId) is stored and the second is its duplicate.
 */
final class JournalRows {

  private static final String INSERT =
      "INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
          + " received_at, payload, device_time, time_flag, clock_skew_ms)"
          + " SELECT u.device_id, u.msg_id, u.kind, u.event_time::timestamptz, u.event_offset,"
          + " u.received_at::timestamptz, u.payload::jsonb, u.device_time::timestamptz, u.time_flag, u.skew"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::int8[]) WITH ORDINALITY"
          + " AS u(device_id, msg_id, kind, event_time, event_offset, received_at, payload, device_time,"
          + " time_flag, skew, ord)"
          + " ORDER BY u.ord"
          + " ON CONFLICT (device_id, msg_id) DO NOTHING RETURNING id, device_id, msg_id";
  private static final String EXISTING =
      "SELECT e.id, e.device_id, e.msg_id FROM device_event e"
          + " JOIN unnest(?::text[], ?::text[]) AS k(device_id, msg_id)"
          + " ON e.device_id = k.device_id AND e.msg_id = k.msg_id";

  /** The outcome of each event, in the order given. */
  List<Appended> insert(Connection c, List<DeviceEvent> events) throws SQLException {
    int n = events.size();
    String[] devices = new String[n];
    String[] msgIds = new String[n];
    String[] kinds = new String[n];
    String[] eventTimes = new String[n];
    Integer[] offsets = new Integer[n];
    String[] receivedAts = new String[n];
    String[] payloads = new String[n];
    String[] deviceTimes = new String[n];
    String[] timeFlags = new String[n];
    Long[] skews = new Long[n];
    for (int i = 0; i < n; i++) {
      DeviceEvent e = events.get(i);
      devices[i] = e.deviceId();
      msgIds[i] = e.msgId();
      kinds[i] = e.kind().name();
      eventTimes[i] = e.eventTime().toInstant().toString();
      offsets[i] = e.deviceTime().getOffset().getTotalSeconds() / 60;
      receivedAts[i] = e.receivedAt().toString();
      payloads[i] = e.payloadJson();
      deviceTimes[i] = e.deviceTime().toInstant().toString();
      timeFlags[i] = e.timeFlag().name();
      skews[i] = e.clockSkew().toMillis();
    }
    Map<Key, Long> inserted = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setArray(1, c.createArrayOf("text", devices));
      s.setArray(2, c.createArrayOf("text", msgIds));
      s.setArray(3, c.createArrayOf("text", kinds));
      s.setArray(4, c.createArrayOf("text", eventTimes));
      s.setArray(5, c.createArrayOf("int4", offsets));
      s.setArray(6, c.createArrayOf("text", receivedAts));
      s.setArray(7, c.createArrayOf("text", payloads));
      s.setArray(8, c.createArrayOf("text", deviceTimes));
      s.setArray(9, c.createArrayOf("text", timeFlags));
      s.setArray(10, c.createArrayOf("int8", skews));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          inserted.put(new Key(r.getString(2), r.getString(3)), r.getLong(1));
        }
      }
    }
    // The first event of each key the insert returned is stored; every other event is a
    // duplicate: of a row this batch stored, or of an older one.
    Appended[] outcome = new Appended[n];
    Map<Key, Long> ids = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Key key = new Key(devices[i], msgIds[i]);
      Long id = inserted.remove(key);
      if (id != null) {
        outcome[i] = new Appended(id, false);
        ids.put(key, id);
      }
    }
    List<Key> older = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Key key = new Key(devices[i], msgIds[i]);
      if (outcome[i] == null && !ids.containsKey(key)) {
        older.add(key);
      }
    }
    if (!older.isEmpty()) {
      ids.putAll(existing(c, older));
    }
    for (int i = 0; i < n; i++) {
      if (outcome[i] == null) {
        Long id = ids.get(new Key(devices[i], msgIds[i]));
        if (id == null) {
          throw new SQLException("event vanished between insert and look-up: " + msgIds[i]);
        }
        outcome[i] = new Appended(id, true);
      }
    }
    return List.of(outcome);
  }

  private static Map<Key, Long> existing(Connection c, List<Key> keys) throws SQLException {
    String[] devices = keys.stream().map(Key::deviceId).toArray(String[]::new);
    String[] msgIds = keys.stream().map(Key::msgId).toArray(String[]::new);
    Map<Key, Long> ids = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(EXISTING)) {
      Array d = c.createArrayOf("text", devices);
      Array m = c.createArrayOf("text", msgIds);
      s.setArray(1, d);
      s.setArray(2, m);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.put(new Key(r.getString(2), r.getString(3)), r.getLong(1));
        }
      }
    }
    return ids;
  }

  /**
   * True when PostgreSQL refused the statement for the data it carried (SQLSTATE classes 22, data
   * exception, and 23, integrity constraint violation), as opposed to a lost connection or an
   * overloaded server: then writing the rows one by one isolates the ones at fault.
   */
  static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  private record Key(String deviceId, String msgId) {}
}
