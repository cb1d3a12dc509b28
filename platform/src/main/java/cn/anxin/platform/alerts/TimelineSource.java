package cn.anxin.platform.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Something that contributes entries to alerts' timelines: the device events behind an alert, its
 * transitions, and (to come) the notifications sent about it. {@link AlertTimeline} merges the
 * entries of every source in time order.
 */
public interface TimelineSource {

  /**
   * The entries for one alert, which the caller has already found in scope.
   *
   * @param audience who reads them: family members see no staff names and no notes
   */
  List<TimelineEntry> entries(Connection c, long alertId, Audience audience) throws SQLException;
}
