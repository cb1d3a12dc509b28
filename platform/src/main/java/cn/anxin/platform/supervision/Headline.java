package cn.anxin.platform.supervision;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * One figure of the supervision overview, read from an indicator view: a share (numerator over
 * denominator), a rate per 100 or per 1,000, a count or a duration. Every headline filters the view by area
 * (a prefix of {@code county_code}) and, when the view is by month, by the month asked.
 *
 * @param code the figure's name in the API and the message bundle ({@code indicators.<code>})
 * @param view the view it reads (docs/indicators.md defines each)
 * @param numerator an SQL expression over the view; the value itself for counts and durations
 * @param denominator an SQL expression over the view, or null when there is none
 * @param where an extra condition on the view's rows, or null
 * @param monthly whether the view has a {@code month} column to filter by
 * @param target the plan's target, or null when it sets none
 */
record Headline(String code, Unit unit, String view, String numerator, String denominator, String where,
    boolean monthly, BigDecimal target) {

  /** How the figure reads. */
  enum Unit { SHARE, PER_100, PER_1000, COUNT, SECONDS }

  /** The figure for an area (null: everywhere) and month. */
  Figure read(Connection c, String area, LocalDate month) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(numerator).append(", ")
        .append(denominator == null ? "NULL" : denominator)
        .append(" FROM ").append(view).append(" WHERE (?::text IS NULL OR county_code LIKE ? || '%')");
    if (monthly) {
      sql.append(" AND month = ?");
    }
    if (where != null) {
      sql.append(" AND ").append(where);
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      s.setString(1, area);
      s.setString(2, area);
      if (monthly) {
        s.setDate(3, Date.valueOf(month.withDayOfMonth(1)));
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return Figure.of(this, r.getBigDecimal(1), denominator == null ? null : r.getBigDecimal(2));
      }
    }
  }

  /** A headline's value with what it was computed from. */
  record Figure(Headline headline, BigDecimal value, BigDecimal numerator, BigDecimal denominator) {

    static Figure of(Headline h, BigDecimal numerator, BigDecimal denominator) {
      BigDecimal value = switch (h.unit()) {
        case COUNT -> numerator == null ? BigDecimal.ZERO : numerator;
        case SECONDS -> numerator;
        case SHARE -> ratio(numerator, denominator, BigDecimal.ONE, 4);
        case PER_100 -> ratio(numerator, denominator, BigDecimal.valueOf(100), 2);
        case PER_1000 -> ratio(numerator, denominator, BigDecimal.valueOf(1000), 2);
      };
      return new Figure(h, value, numerator, denominator);
    }

    private static BigDecimal ratio(BigDecimal part, BigDecimal whole, BigDecimal scale, int places) {
      if (part == null || whole == null || whole.signum() == 0) {
        return null;
      }
      return part.multiply(scale).divide(whole, places, java.math.RoundingMode.HALF_UP);
    }
  }
}
