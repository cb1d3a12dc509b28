package cn.anxin.platform.readings;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Readings straight from the {@code device_event} journal (payload jsonb, index on device, kind and
 * event time), bucketed with {@code date_bin} from Beijing midnight. A device counts for the elder
 * while it was bound to the elder ({@code device_binding}); a device with no binding history counts
 * while it is bound now. The only class that knows the journal's shape of readings.
 */
public final class JournalReadings implements ReadingSource {

  /** Buckets start at Beijing midnight, so daily buckets are the elder's days. */
  private static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+08'";

  private static final String DEVICES = "WITH bound AS ("
      + " SELECT b.device_id, b.from_at, b.to_at FROM device_binding b WHERE b.elder_id = ?"
      + " UNION ALL SELECT d.id, '-infinity'::timestamptz, NULL FROM device d WHERE d.elder_id = ?"
      + " AND NOT EXISTS (SELECT 1 FROM device_binding b WHERE b.device_id = d.id))";

  private static final String FROM_WHERE = " FROM bound v JOIN device_event e ON e.device_id = v.device_id"
      + " AND e.kind = ? AND e.event_time >= ? AND e.event_time < ?"
      + " AND e.event_time >= v.from_at AND (v.to_at IS NULL OR e.event_time < v.to_at)"
      + " GROUP BY 1 ORDER BY 1";

  private static String select(ReadingKind kind) {
    String head = DEVICES + " SELECT date_bin(?::interval, e.event_time, " + ORIGIN + ") AS at, count(*) AS n";
    return head + switch (kind) {
      case VITALS -> ", avg((e.payload->>'heartRate')::numeric), min((e.payload->>'heartRate')::numeric),"
          + " max((e.payload->>'heartRate')::numeric), avg((e.payload->>'breathingRate')::numeric),"
          + " min((e.payload->>'breathingRate')::numeric), max((e.payload->>'breathingRate')::numeric)";
      case WATER -> ", sum((e.payload->>'volumeL')::numeric)";
      case ELECTRICITY -> ", sum((e.payload->>'energyWh')::numeric)";
      case PRESENCE -> ", avg(CASE WHEN (e.payload->>'present')::boolean THEN 1 ELSE 0 END)";
    } + FROM_WHERE;
  }

  @Override
  public List<JsonObject> buckets(Connection c, long elderId, ReadingKind kind, Instant from, Instant to,
      Duration bucket) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(select(kind))) {
      s.setLong(1, elderId);
      s.setLong(2, elderId);
      s.setString(3, bucket.toSeconds() + " seconds");
      s.setString(4, kind.eventKind());
      s.setTimestamp(5, Timestamp.from(from));
      s.setTimestamp(6, Timestamp.from(to));
      try (ResultSet r = s.executeQuery()) {
        List<JsonObject> points = new ArrayList<>();
        while (r.next()) {
          JsonObject point = new JsonObject()
              .put("at", r.getTimestamp(1).toInstant().toString())
              .put("count", r.getLong(2));
          switch (kind) {
            case VITALS -> point.put("heartRate", stat(r, 3)).put("breathingRate", stat(r, 6));
            case WATER -> point.put("volumeL", round(r.getBigDecimal(3), 1));
            case ELECTRICITY -> point.put("energyWh", round(r.getBigDecimal(3), 1));
            case PRESENCE -> point.put("presentShare", round(r.getBigDecimal(3), 3));
          }
          points.add(point);
        }
        return points;
      }
    }
  }

  private static JsonObject stat(ResultSet r, int first) throws SQLException {
    BigDecimal avg = r.getBigDecimal(first);
    if (avg == null) {
      return null;
    }
    return new JsonObject().put("avg", round(avg, 1)).put("min", round(r.getBigDecimal(first + 1), 1))
        .put("max", round(r.getBigDecimal(first + 2), 1));
  }

  private static Double round(BigDecimal value, int places) {
    return value == null ? null : value.setScale(places, RoundingMode.HALF_UP).doubleValue();
  }
}
