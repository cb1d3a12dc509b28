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
import java.util.Locale;

/**
 * Ability assessments (GB/T 42195-2022): a score of 0-90, the level the database derives from it,
 * who assessed and when, and when the next assessment is due (12 months later unless given).
 */
final class Assessments {

  /** How long an assessment holds when the assessor gives no next date. */
  static final int DEFAULT_VALID_MONTHS = 12;

  private static final String SELECT = "SELECT id, score, level, assessor, assessed_on, next_due, recorded_at"
      + " FROM ability_assessment WHERE elder_id = ? ORDER BY assessed_on DESC, id DESC";

  private Assessments() {}

  static JsonArray list(Connection c, long elderId, LocalDate today, Locale locale) throws SQLException {
    return query(c, SELECT, elderId, today, locale);
  }

  /** The latest assessment, or null when the elder has none. */
  static JsonObject latest(Connection c, long elderId, LocalDate today, Locale locale) throws SQLException {
    JsonArray one = query(c, SELECT + " LIMIT 1", elderId, today, locale);
    return one.isEmpty() ? null : one.getJsonObject(0);
  }

  static JsonObject record(Connection c, long elderId, JsonObject body, LocalDate today, Locale locale)
      throws SQLException {
    List<FieldError> errors = new ArrayList<>();
    LocalDate assessedOn = Dates.parse(body.getString("assessedOn"), "/body/assessedOn", errors);
    LocalDate nextDue = Dates.parse(body.getString("nextDue"), "/body/nextDue", errors);
    if (assessedOn != null && assessedOn.isAfter(today)) {
      errors.add(FieldError.of("/body/assessedOn", "elder.date-in-future"));
    }
    if (assessedOn != null && nextDue != null && !nextDue.isAfter(assessedOn)) {
      errors.add(FieldError.of("/body/nextDue", "elder.next-due-not-after"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO ability_assessment (elder_id, score, assessed_on, assessor, next_due) VALUES (?, ?, ?, ?, ?)"
            + " RETURNING id, score, level, assessor, assessed_on, next_due, recorded_at")) {
      s.setLong(1, elderId);
      s.setInt(2, body.getInteger("score"));
      s.setObject(3, assessedOn);
      s.setString(4, body.getString("assessor").strip());
      s.setObject(5, nextDue != null ? nextDue : assessedOn.plusMonths(DEFAULT_VALID_MONTHS));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return json(r, today, locale);
      }
    }
  }

  private static JsonArray query(Connection c, String sql, long elderId, LocalDate today, Locale locale)
      throws SQLException {
    JsonArray all = new JsonArray();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(json(r, today, locale));
        }
      }
    }
    return all;
  }

  private static JsonObject json(ResultSet r, LocalDate today, Locale locale) throws SQLException {
    AbilityLevel level = AbilityLevel.valueOf(r.getString(3));
    LocalDate nextDue = r.getObject(6, LocalDate.class);
    return new JsonObject()
        .put("id", r.getLong(1))
        .put("score", r.getInt(2))
        .put("level", level.name())
        .put("levelLabel", level.label(locale))
        .put("assessor", r.getString(4))
        .put("assessedOn", Dates.text(r.getObject(5, LocalDate.class)))
        .put("nextDue", Dates.text(nextDue))
        .put("overdue", nextDue.isBefore(today))
        .put("recordedAt", Rows.instant(r.getTimestamp(7)));
  }
}
