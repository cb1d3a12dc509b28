package cn.anxin.platform.rules.backtest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The stored device events a backtest replays: for each elder, the events with event times in the
 * range from the devices bound to the elder when they happened (by the binding history; a device
 * bound now without a history row counts for the whole range), in event-time order.
 */
final class ReplayEvents {

  /** A journal row to replay, with the device's kind and the room it was installed in then. */
  record Row(long id, String deviceId, String deviceKind, Optional<String> room, String kind, Instant eventTime,
      Instant receivedAt, String payload) {}

  /** The devices of the elders (a bigint[] parameter) and the parts of the range each served them in. */
  private static final String PERIODS = "WITH periods AS ("
      + " SELECT b.elder_id, b.device_id, b.room, greatest(b.from_at, ?) AS f,"
      + "   least(coalesce(b.to_at, 'infinity'::timestamptz), ?) AS t"
      + " FROM device_binding b WHERE b.elder_id = ANY (?) AND b.from_at < ? AND (b.to_at IS NULL OR b.to_at > ?)"
      + " UNION ALL"
      + " SELECT d.elder_id, d.id, d.room, ?, ? FROM device d WHERE d.elder_id = ANY (?)"
      + " AND NOT EXISTS (SELECT 1 FROM device_binding ob"
      + "   WHERE ob.device_id = d.id AND ob.elder_id = d.elder_id AND ob.to_at IS NULL))";
  private static final String COUNT = PERIODS + " SELECT count(*) FROM (SELECT DISTINCT p.elder_id, de.id"
      + " FROM periods p JOIN device_event de ON de.device_id = p.device_id"
      + " AND de.event_time >= p.f AND de.event_time < p.t LIMIT ?) x";
  private static final String ROWS = PERIODS + " SELECT DISTINCT ON (de.event_time, de.id) de.id, de.device_id,"
      + " d.kind, p.room, de.kind, de.event_time, de.received_at, de.payload::text"
      + " FROM periods p JOIN device_event de ON de.device_id = p.device_id"
      + " AND de.event_time >= p.f AND de.event_time < p.t JOIN device d ON d.id = de.device_id"
      + " ORDER BY de.event_time, de.id";

  private ReplayEvents() {}

  /** How many events the elders have in the range, counting no further than {@code atMost}. */
  static long count(Connection c, Collection<Long> elderIds, Instant from, Instant to, long atMost)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(COUNT)) {
      int next = periods(c, s, elderIds, from, to);
      s.setLong(next, atMost);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** One elder's events of the range, by event time. */
  static List<Row> of(Connection c, long elderId, Instant from, Instant to) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(ROWS)) {
      periods(c, s, List.of(elderId), from, to);
      s.setFetchSize(1_000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), Optional.ofNullable(r.getString(4)),
              r.getString(5), r.getTimestamp(6).toInstant(), r.getTimestamp(7).toInstant(), r.getString(8)));
        }
      }
    }
    return rows;
  }

  /** Sets the parameters of {@link #PERIODS}; returns the index of the next one. */
  private static int periods(Connection c, PreparedStatement s, Collection<Long> elderIds, Instant from, Instant to)
      throws SQLException {
    Array elders = c.createArrayOf("bigint", elderIds.toArray());
    Timestamp f = Timestamp.from(from);
    Timestamp t = Timestamp.from(to);
    s.setTimestamp(1, f);
    s.setTimestamp(2, t);
    s.setArray(3, elders);
    s.setTimestamp(4, t);
    s.setTimestamp(5, f);
    s.setTimestamp(6, f);
    s.setTimestamp(7, t);
    s.setArray(8, elders);
    return 9;
  }
}
