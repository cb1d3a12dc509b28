package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Status periods of an elder (ACTIVE, AWAY, HOSPITAL, DECEASED). Periods never overlap: a new
 * open-ended period closes the open one before it on the day before it starts; DECEASED is
 * open-ended and final, nothing may start on or after it. The status on a day is that of the period
 * covering it, ACTIVE without one.
 */
final class StatusPeriods {

  static final String DECEASED = "DECEASED";
  static final String ACTIVE = "ACTIVE";

  /** A stored period, as the rules need it. */
  record Period(long id, String status, LocalDate from, LocalDate to) {

    LocalDate end() {
      return to == null ? LocalDate.MAX : to;
    }

    boolean overlaps(LocalDate otherFrom, LocalDate otherTo) {
      return !from.isAfter(otherTo == null ? LocalDate.MAX : otherTo) && !otherFrom.isAfter(end());
    }
  }

  private static final String SELECT = "SELECT x.id, x.status, x.from_date, x.to_date, x.note, x.recorded_by,"
      + " a.display_name, x.recorded_at FROM elder_status x LEFT JOIN account a ON a.id = x.recorded_by"
      + " WHERE x.elder_id = ?";

  private StatusPeriods() {}

  /** Every period of the elder, newest first. */
  static JsonArray list(Connection c, long elderId) throws SQLException {
    return query(c, SELECT + " ORDER BY x.from_date DESC, x.id DESC", elderId, null);
  }

  /** The period covering this day, if any. */
  static Optional<JsonObject> covering(Connection c, long elderId, LocalDate day) throws SQLException {
    JsonArray one = query(c, SELECT + " AND x.from_date <= ? AND (x.to_date IS NULL OR x.to_date >= ?)"
        + " ORDER BY x.from_date DESC, x.id DESC LIMIT 1", elderId, day);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.getJsonObject(0));
  }

  /** The status on this day. */
  static String on(Connection c, long elderId, LocalDate day) throws SQLException {
    return covering(c, elderId, day).map(p -> p.getString("status")).orElse(ACTIVE);
  }

  /** Adds a period (the elder row is locked by the caller); returns it. */
  static JsonObject add(Connection c, long elderId, JsonObject body, long recordedBy, LocalDate today)
      throws SQLException {
    String status = body.getString("status");
    List<FieldError> errors = new ArrayList<>();
    LocalDate from = Dates.parse(body.getString("fromDate"), "/body/fromDate", errors);
    LocalDate to = Dates.parse(body.getString("toDate"), "/body/toDate", errors);
    if (from != null && to != null && to.isBefore(from)) {
      errors.add(FieldError.of("/body/toDate", "elder.to-before-from"));
    }
    if (DECEASED.equals(status) && to != null) {
      errors.add(FieldError.of("/body/toDate", "elder.deceased-open-ended"));
    }
    if (DECEASED.equals(status) && from != null && from.isAfter(today)) {
      errors.add(FieldError.of("/body/fromDate", "elder.date-in-future"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    Period toClose = checkAgainst(stored(c, elderId), status, from, to);
    if (toClose != null) {
      try (PreparedStatement s = c.prepareStatement("UPDATE elder_status SET to_date = ? WHERE id = ?")) {
        s.setObject(1, from.minusDays(1));
        s.setLong(2, toClose.id());
        s.executeUpdate();
      }
    }
    long id;
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO elder_status (elder_id, status, from_date, to_date, note, recorded_by)"
            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, elderId);
      s.setString(2, status);
      s.setObject(3, from);
      s.setObject(4, to);
      s.setString(5, body.getString("note"));
      s.setLong(6, recordedBy);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        id = r.getLong(1);
      }
    }
    return query(c, SELECT + " AND x.id = " + id, elderId, null).getJsonObject(0);
  }

  /**
   * Checks a new period against the stored ones: 409 when it would start on or after a death or
   * overlap another period. Returns the open period it closes, if any.
   */
  static Period checkAgainst(List<Period> stored, String status, LocalDate from, LocalDate to) {
    Optional<Period> death = stored.stream().filter(p -> DECEASED.equals(p.status())).findFirst();
    if (death.isPresent() && (DECEASED.equals(status) || to == null || !to.isBefore(death.get().from()))) {
      throw ApiProblem.conflict("elder.status-deceased-final", death.get().from().toString());
    }
    Period toClose = null;
    if (to == null) {
      toClose = stored.stream().filter(p -> p.to() == null && p.from().isBefore(from)).findFirst().orElse(null);
    }
    for (Period p : stored) {
      if (p != toClose && p.overlaps(from, to)) {
        throw ApiProblem.conflict("elder.status-overlap", p.status(), p.from().toString());
      }
    }
    return toClose;
  }

  private static List<Period> stored(Connection c, long elderId) throws SQLException {
    List<Period> all = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, status, from_date, to_date FROM elder_status WHERE elder_id = ?")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(new Period(r.getLong(1), r.getString(2), r.getObject(3, LocalDate.class),
              r.getObject(4, LocalDate.class)));
        }
      }
    }
    return all;
  }

  private static JsonArray query(Connection c, String sql, long elderId, LocalDate day) throws SQLException {
    JsonArray all = new JsonArray();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elderId);
      if (day != null) {
        s.setObject(2, day);
        s.setObject(3, day);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(new JsonObject()
              .put("id", r.getLong(1))
              .put("status", r.getString(2))
              .put("fromDate", Dates.text(r.getObject(3, LocalDate.class)))
              .put("toDate", Dates.text(r.getObject(4, LocalDate.class)))
              .put("note", r.getString(5))
              .put("recordedBy", Rows.account(r, 6, 7))
              .put("recordedAt", Rows.instant(r.getTimestamp(8))));
        }
      }
    }
    return all;
  }
}
