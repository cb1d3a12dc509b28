package cn.anxin.platform.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules' memory: what a device sent before, looked up in the device event journal by event
 * time (and, for timers about a device, whether it is still enabled). Windowed rules keep no state of their own; they ask the journal, so an event that arrives
 * late or out of order is judged by when it happened. Look-ups of the "other half" of a pair (a
 * cancel for a fall, a dwell for a suspected fall) only see rows stored before the event at hand
 * ({@code id < eventId}), so each pair is found once: by whichever of the two arrives second.
 */
public final class JournalHistory {

  /** A past event: its journal id, its event time and zone. */
  public record Past(long eventId, Instant eventTime, Optional<String> zone) {}

  /** A vital-signs reading. */
  public record Vitals(long eventId, Instant eventTime, Optional<Integer> heartRate,
      Optional<Integer> breathingRate, boolean inBed) {}

  /** Readings considered per look-back, at most; a radar reporting every second fills 10 minutes. */
  static final int MAX_READINGS = 1_000;

  private final Connection c;
  private final RuleAlerts alerts;

  /** The journal, with the alerts of the {@code alert} table. */
  public JournalHistory(Connection c) {
    this(c, RuleAlerts.stored());
  }

  /** The journal, with the alerts the rules raise into ({@link RuleAlerts}). */
  public JournalHistory(Connection c, RuleAlerts alerts) {
    this.c = c;
    this.alerts = alerts;
  }

  /**
   * Whether the device sent a cancel with an event time in [from, to] that names the event with
   * this msgId or names none.
   */
  public boolean cancelledBetween(String deviceId, Instant from, Instant to, String msgId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM device_event WHERE device_id = ?"
        + " AND kind = 'ALARM_CANCEL' AND event_time BETWEEN ? AND ?"
        + " AND (payload->>'cancels' IS NULL OR payload->>'cancels' = ?) LIMIT 1")) {
      s.setString(1, deviceId);
      s.setTimestamp(2, Timestamp.from(from));
      s.setTimestamp(3, Timestamp.from(to));
      s.setString(4, msgId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /**
   * The latest suspected fall stored before {@code beforeId} that a still period (from
   * {@code stillFrom} to {@code stillTo}) follows within {@code window}: the fall happened before
   * the still period ended, and the still period began at most {@code window} after the fall.
   */
  public Optional<Past> suspectedFallFollowedBy(String deviceId, long beforeId, Instant stillFrom, Instant stillTo,
      Duration window) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, event_time, payload->>'zone' FROM device_event"
        + " WHERE device_id = ? AND kind = 'SUSPECTED_FALL' AND id < ?"
        + " AND event_time < ? AND event_time >= ? ORDER BY event_time DESC, id DESC LIMIT 1")) {
      s.setString(1, deviceId);
      s.setLong(2, beforeId);
      s.setTimestamp(3, Timestamp.from(stillTo));
      s.setTimestamp(4, Timestamp.from(stillFrom.minus(window)));
      return past(s);
    }
  }

  /**
   * The earliest dwell stored before {@code beforeId} that follows a suspected fall at {@code fallAt}
   * within {@code window}: reported after the fall, its still period begun at most {@code window}
   * after it.
   */
  public Optional<Past> dwellFollowing(String deviceId, long beforeId, Instant fallAt, Duration window)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, event_time, payload->>'zone' FROM device_event"
        + " WHERE device_id = ? AND kind = 'DWELL' AND id < ? AND event_time > ?"
        + " AND event_time - make_interval(secs => (payload->>'seconds')::int) <= ?"
        + " ORDER BY event_time, id LIMIT 1")) {
      s.setString(1, deviceId);
      s.setLong(2, beforeId);
      s.setTimestamp(3, Timestamp.from(fallAt));
      s.setTimestamp(4, Timestamp.from(fallAt.plus(window)));
      return past(s);
    }
  }

  /** Heartbeats a battery look-back walks at most (a day of a wearable's 5-minute heartbeats). */
  static final int BATTERY_LOOK_BACK = 288;

  /**
   * What the device's heartbeats before this one (in event time) say of its battery: the event time
   * of the latest that reported at least {@code percent}, looking back at most
   * {@link #BATTERY_LOOK_BACK} heartbeats. {@code complete} is false when that many were walked
   * without finding one: the battery has been low for longer than the look-back.
   */
  public record BatteryLookBack(Optional<Instant> lastAtLeast, boolean complete) {}

  /**
   * The device's last heartbeat before this one (in event time) that reported a battery level of at
   * least {@code percent}, within the last {@link #BATTERY_LOOK_BACK} heartbeats. Rows are fetched a
   * few at a time, newest first, so a battery that was fine a few heartbeats ago costs a few rows.
   */
  public BatteryLookBack lastBatteryAtLeast(String deviceId, int percent, Instant eventTime, long eventId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT event_time, (payload->>'battery')::int FROM device_event"
        + " WHERE device_id = ? AND kind = 'HEARTBEAT' AND event_time <= ? AND (event_time, id) < (?, ?)"
        + " ORDER BY event_time DESC LIMIT " + BATTERY_LOOK_BACK)) {
      s.setFetchSize(16);
      s.setString(1, deviceId);
      s.setTimestamp(2, Timestamp.from(eventTime));
      s.setTimestamp(3, Timestamp.from(eventTime));
      s.setLong(4, eventId);
      int walked = 0;
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          walked++;
          int battery = r.getInt(2);
          if (!r.wasNull() && battery >= percent) {
            return new BatteryLookBack(Optional.of(r.getTimestamp(1).toInstant()), true);
          }
        }
      }
      return new BatteryLookBack(Optional.empty(), walked < BATTERY_LOOK_BACK);
    }
  }

  /**
   * When the device was last heard, as the registry keeps it: its last message's receipt, or the
   * gateway's "online" notice when that is later.
   */
  public Optional<Instant> lastHeard(String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT greatest(last_seen_at,"
        + " CASE WHEN online THEN connectivity_changed_at END) FROM device WHERE id = ?")) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        Timestamp at = r.next() ? r.getTimestamp(1) : null;
        return at == null ? Optional.empty() : Optional.of(at.toInstant());
      }
    }
  }

  /** The device's latest event in event time received by {@code receivedBy}, if any. */
  public Optional<Past> latestEvent(String deviceId, Instant receivedBy) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, event_time, payload->>'zone' FROM device_event"
        + " WHERE device_id = ? AND received_at <= ? ORDER BY event_time DESC, id DESC LIMIT 1")) {
      s.setString(1, deviceId);
      s.setTimestamp(2, Timestamp.from(receivedBy));
      return past(s);
    }
  }

  /**
   * Whether an alert of this rule for the elder already carries an event of this device that
   * happened after {@code since} (any event, when empty): the episode was alerted, whatever became
   * of the alert since.
   */
  public boolean alertedSince(long elderId, String rule, String deviceId, Optional<Instant> since)
      throws SQLException {
    return alerts.alertedSince(c, elderId, rule, deviceId, since);
  }

  /** The device's vital-signs readings with event times in [from, to], newest first. */
  public List<Vitals> vitals(String deviceId, Instant from, Instant to) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, event_time, (payload->>'heartRate')::int,"
        + " (payload->>'breathingRate')::int, COALESCE((payload->>'inBed')::boolean, true) FROM device_event"
        + " WHERE device_id = ? AND kind = 'VITALS' AND event_time BETWEEN ? AND ?"
        + " ORDER BY event_time DESC, id DESC LIMIT " + MAX_READINGS)) {
      s.setString(1, deviceId);
      s.setTimestamp(2, Timestamp.from(from));
      s.setTimestamp(3, Timestamp.from(to));
      List<Vitals> readings = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          readings.add(new Vitals(r.getLong(1), r.getTimestamp(2).toInstant(), integer(r, 3), integer(r, 4),
              r.getBoolean(5)));
        }
      }
      return readings;
    }
  }

  /**
   * Whether the device showed movement in (from, to]: presence false, a bed change, or a dwell
   * whose still period starts after {@code stillSinceAtMost}.
   */
  public boolean movedBetween(String deviceId, Instant from, Instant to, Instant stillSinceAtMost)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM device_event WHERE device_id = ?"
        + " AND event_time > ? AND event_time <= ? AND ("
        + " (kind = 'PRESENCE' AND payload->>'present' = 'false') OR kind = 'BED_STATE'"
        + " OR (kind = 'DWELL' AND event_time - make_interval(secs => (payload->>'seconds')::int) > ?))"
        + " LIMIT 1")) {
      s.setString(1, deviceId);
      s.setTimestamp(2, Timestamp.from(from));
      s.setTimestamp(3, Timestamp.from(to));
      s.setTimestamp(4, Timestamp.from(stillSinceAtMost));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Whether the registry has the device enabled (an administrator may switch a device off). */
  public boolean deviceEnabled(String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT enabled FROM device WHERE id = ?")) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  private static Optional<Integer> integer(ResultSet r, int column) throws SQLException {
    int value = r.getInt(column);
    return r.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<Past> past(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return Optional.empty();
      }
      return Optional.of(new Past(r.getLong(1), r.getTimestamp(2).toInstant(), Optional.ofNullable(r.getString(3))));
    }
  }
}
