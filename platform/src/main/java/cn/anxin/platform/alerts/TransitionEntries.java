package cn.anxin.platform.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Timeline entries for the steps of an alert's life, from the {@link TransitionLog}. */
public final class TransitionEntries implements TimelineSource {

  private final TransitionLog log = new TransitionLog();

  @Override
  public List<TimelineEntry> entries(Connection c, long alertId, Audience audience) throws SQLException {
    return log.of(c, alertId).stream()
        .map(t -> new TimelineEntry(TimelineEntry.Type.TRANSITION, t.at(), t.id(), AlertJson.transition(t, audience)))
        .toList();
  }
}
