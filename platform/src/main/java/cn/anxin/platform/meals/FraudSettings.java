package cn.anxin.platform.meals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Thresholds of the meal fraud flags: one credential at two stations within {@code twoStationMinutes};
 * a station's daily count above its mean over the last {@code baselineDays} days (days it served
 * meals) plus {@code countSigmas} standard deviations, once it has {@code minBaselineDays} such days.
 */
public record FraudSettings(int twoStationMinutes, BigDecimal countSigmas, int baselineDays, int minBaselineDays) {

  public static FraudSettings read(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT two_station_minutes, count_sigmas, baseline_days,"
        + " min_baseline_days FROM meal_fraud_settings");
        ResultSet r = s.executeQuery()) {
      r.next();
      return new FraudSettings(r.getInt(1), r.getBigDecimal(2), r.getInt(3), r.getInt(4));
    }
  }
}
