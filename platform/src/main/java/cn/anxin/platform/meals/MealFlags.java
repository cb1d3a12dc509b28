package cn.anxin.platform.meals;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/** Writes fraud flags (catalogue rules 15 and 16): for review, never elder alerts. */
final class MealFlags {

  static final String DUPLICATE_SUBSIDY = "DUPLICATE_SUBSIDY";
  static final String INELIGIBLE_RECIPIENT = "INELIGIBLE_RECIPIENT";

  /** A flag about one meal record. */
  record Flag(String rule, String reason, Long relatedRecordId, int withheldFen, JsonObject detail) {}

  long write(Connection c, Flag flag, Long stationSiteId, Long elderId, long recordId, LocalDate day, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO meal_flag (rule, reason, station_site_id, elder_id,"
        + " meal_record_id, related_record_id, service_day, withheld_fen, detail, raised_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) RETURNING id")) {
      s.setString(1, flag.rule());
      s.setString(2, flag.reason());
      s.setObject(3, stationSiteId);
      s.setObject(4, elderId);
      s.setLong(5, recordId);
      s.setObject(6, flag.relatedRecordId());
      s.setObject(7, day);
      s.setInt(8, flag.withheldFen());
      s.setString(9, flag.detail().encode());
      s.setTimestamp(10, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * Rule 16, inflated count: after a meal at a station, whether the station's count for the day is
   * above its baseline (mean plus the configured sigmas of its daily counts over the baseline days
   * it served meals on); flags the station-day once. Needs the configured minimum of baseline days.
   */
  void checkStationCount(Connection c, long stationSiteId, LocalDate day, FraudSettings settings, Instant now)
      throws SQLException {
    long today;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM meal_record WHERE station_site_id = ? AND service_day = ?")) {
      s.setLong(1, stationSiteId);
      s.setObject(2, day);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        today = r.getLong(1);
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT count(*), avg(n), stddev_pop(n) FROM ("
        + " SELECT count(*) AS n FROM meal_record WHERE station_site_id = ? AND service_day >= ? AND service_day < ?"
        + " GROUP BY service_day) d")) {
      s.setLong(1, stationSiteId);
      s.setObject(2, day.minusDays(settings.baselineDays()));
      s.setObject(3, day);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        int days = r.getInt(1);
        if (days < settings.minBaselineDays()) {
          return;
        }
        double mean = r.getDouble(2);
        double sigma = r.getDouble(3);
        double threshold = mean + settings.countSigmas().doubleValue() * sigma;
        if (today <= threshold) {
          return;
        }
        try (PreparedStatement w = c.prepareStatement("INSERT INTO meal_flag (rule, reason, station_site_id,"
            + " service_day, detail, raised_at) VALUES (?, 'STATION_COUNT', ?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (station_site_id, service_day) WHERE reason = 'STATION_COUNT' DO NOTHING")) {
          w.setString(1, INELIGIBLE_RECIPIENT);
          w.setLong(2, stationSiteId);
          w.setObject(3, day);
          w.setString(4, new JsonObject().put("count", today).put("baselineDays", days)
              .put("mean", Math.round(mean * 100) / 100.0).put("sigma", Math.round(sigma * 100) / 100.0)
              .put("threshold", Math.round(threshold * 100) / 100.0).encode());
          w.setTimestamp(5, Timestamp.from(now));
          w.executeUpdate();
        }
      }
    }
  }
}
