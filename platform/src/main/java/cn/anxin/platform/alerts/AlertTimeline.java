package cn.anxin.platform.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An alert's story in time order: the device events that caused it, the steps of its life, and
 * whatever else a {@link TimelineSource} contributes (notifications, once they are recorded).
 */
public final class AlertTimeline {

  private final List<TimelineSource> sources;

  /** The timeline of device events and transitions. */
  public AlertTimeline() {
    this(List.of(new EventEntries(), new TransitionEntries()));
  }

  public AlertTimeline(List<TimelineSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** The entries of every source, merged in {@link TimelineEntry#ORDER}. */
  public List<TimelineEntry> entries(Connection c, long alertId, Audience audience) throws SQLException {
    List<TimelineEntry> all = new ArrayList<>();
    for (TimelineSource source : sources) {
      all.addAll(source.entries(c, alertId, audience));
    }
    all.sort(TimelineEntry.ORDER);
    return all;
  }

  /** The API's answer: the alert's id, status and event count, and the entries. */
  public JsonObject json(Connection c, AlertView alert, Audience audience) throws SQLException {
    JsonArray entries = new JsonArray();
    entries(c, alert.id(), audience).forEach(e -> entries.add(e.json()));
    return new JsonObject()
        .put("alertId", alert.id())
        .put("status", alert.status())
        .put("eventCount", alert.eventCount())
        .put("entries", entries);
  }
}
