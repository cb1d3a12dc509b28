package cn.anxin.platform.escalation;

import cn.anxin.platform.alerts.Audience;
import cn.anxin.platform.alerts.TimelineEntry;
import cn.anxin.platform.alerts.TimelineSource;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Timeline entries for an alert's escalation: each rise of its level (SUPERVISOR: level 1, not
 * acknowledged in time; BUREAU: level 2, not resolved in time) and each reminder, at its time to
 * the second, with the time it was due and how many messages were planned for it. Everyone who may
 * read the timeline sees them: they name no one.
 */
public final class EscalationEntries implements TimelineSource {

  private static final String SELECT = "SELECT x.id, x.kind, x.level, x.reminder, x.at, x.due_at,"
      + " (SELECT count(*) FROM notification_outbox o WHERE o.escalation_id = x.id) AS messages"
      + " FROM alert_escalation x WHERE x.alert_id = ? ORDER BY x.id";

  @Override
  public List<TimelineEntry> entries(Connection c, long alertId, Audience audience) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT)) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        List<TimelineEntry> entries = new ArrayList<>();
        while (r.next()) {
          JsonObject json = new JsonObject()
              .put("escalationId", r.getLong("id"))
              .put("kind", r.getString("kind"))
              .put("level", r.getInt("level"))
              .put("reminder", r.getObject("reminder", Integer.class))
              .put("dueAt", r.getTimestamp("due_at").toInstant().toString());
          if (audience.seesStaff()) {
            json.put("messages", r.getLong("messages"));
          }
          entries.add(new TimelineEntry(TimelineEntry.Type.ESCALATION, r.getTimestamp("at").toInstant(),
              r.getLong("id"), json));
        }
        return entries;
      }
    }
  }
}
