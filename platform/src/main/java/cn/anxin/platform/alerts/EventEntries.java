package cn.anxin.platform.alerts;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Timeline entries for the device events behind an alert: the one that raised it and every repeat,
 * at their event time, with when they were received, from which device, and a summary of what the
 * device said (its top-level values, bounded). At most {@link #MAX_EVENTS}, the earliest.
 */
public final class EventEntries implements TimelineSource {

  public static final int MAX_EVENTS = 200;
  static final int MAX_SUMMARY_FIELDS = 12;
  static final int MAX_SUMMARY_TEXT = 100;
  /** Envelope fields, shown elsewhere in the entry. */
  private static final Set<String> ENVELOPE = Set.of("msgId", "ts");

  private static final String EVENTS = "WITH behind AS (SELECT ae.event_id AS id FROM alert_event ae WHERE ae.alert_id = ?"
      + " UNION SELECT a.cause_event_id FROM alert a WHERE a.id = ?)"
      + " SELECT de.id, de.kind, de.event_time, de.received_at, de.device_id, de.time_flag,"
      + " de.payload::text AS payload, de.id = (SELECT a.cause_event_id FROM alert a WHERE a.id = ?) AS cause"
      + " FROM device_event de JOIN behind ON behind.id = de.id"
      + " ORDER BY de.event_time, de.id LIMIT " + MAX_EVENTS;

  @Override
  public List<TimelineEntry> entries(Connection c, long alertId, Audience audience) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(EVENTS)) {
      s.setLong(1, alertId);
      s.setLong(2, alertId);
      s.setLong(3, alertId);
      try (ResultSet r = s.executeQuery()) {
        List<TimelineEntry> entries = new ArrayList<>();
        while (r.next()) {
          long id = r.getLong("id");
          entries.add(new TimelineEntry(TimelineEntry.Type.EVENT, r.getTimestamp("event_time").toInstant(), id,
              new JsonObject()
                  .put("eventId", id)
                  .put("kind", r.getString("kind"))
                  .put("eventTime", r.getTimestamp("event_time").toInstant().toString())
                  .put("receivedAt", r.getTimestamp("received_at").toInstant().toString())
                  .put("deviceId", r.getString("device_id"))
                  .put("timeFlag", r.getString("time_flag"))
                  .put("cause", r.getBoolean("cause"))
                  .put("summary", summary(new JsonObject(r.getString("payload"))))));
        }
        return entries;
      }
    }
  }

  /** The payload's top-level numbers, strings and booleans, but not the envelope; texts shortened. */
  static JsonObject summary(JsonObject payload) {
    JsonObject summary = new JsonObject();
    for (Map.Entry<String, Object> e : payload) {
      if (summary.size() == MAX_SUMMARY_FIELDS) {
        break;
      }
      Object v = e.getValue();
      if (ENVELOPE.contains(e.getKey())) {
        continue;
      }
      if (v instanceof String text) {
        summary.put(e.getKey(), text.length() > MAX_SUMMARY_TEXT ? text.substring(0, MAX_SUMMARY_TEXT) + "…" : text);
      } else if (v instanceof Number || v instanceof Boolean) {
        summary.put(e.getKey(), v);
      }
    }
    return summary;
  }
}
