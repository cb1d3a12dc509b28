package cn.anxin.platform.care;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The care_visit table, in the caller's transaction, read within the caller's scope. */
final class Visits {

  /** A visit to record. */
  record Draft(long elderId, long visitorId, String mode, Instant visitedAt, String findings, Long alertId,
      String nextAction, LocalDate nextActionDue) {}

  /** List filters; null means any. */
  record Filter(Long elderId, Long siteId, Instant from, Instant to, int limit, int offset) {}

  /** A page of visits as JSON, the elders in it, and the total. */

  private static final String SELECT = "SELECT v.id, v.elder_id, e.name AS elder_name, e.site_id, v.visitor_id,"
      + " va.display_name AS visitor_name, v.mode, v.visited_at, v.findings, v.alert_id, v.next_action,"
      + " v.next_action_due, v.recorded_by, ra.display_name AS recorder_name, v.recorded_at"
      + " FROM care_visit v JOIN elder e ON e.id = v.elder_id JOIN account va ON va.id = v.visitor_id"
      + " JOIN account ra ON ra.id = v.recorded_by WHERE e.erased_at IS NULL";
  private static final String FILTER = " AND (?::bigint IS NULL OR v.elder_id = ?) AND (?::bigint IS NULL OR e.site_id = ?)"
      + " AND (?::timestamptz IS NULL OR v.visited_at >= ?) AND (?::timestamptz IS NULL OR v.visited_at < ?)";

  private Visits() {}

  static long insert(Connection c, Draft d, long recordedBy, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO care_visit (elder_id, visitor_id, mode, visited_at,"
        + " findings, alert_id, next_action, next_action_due, recorded_by, recorded_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, d.elderId());
      s.setLong(2, d.visitorId());
      s.setString(3, d.mode());
      s.setTimestamp(4, Timestamp.from(d.visitedAt()));
      s.setString(5, d.findings());
      s.setObject(6, d.alertId());
      s.setString(7, d.nextAction());
      s.setObject(8, d.nextActionDue());
      s.setLong(9, recordedBy);
      s.setTimestamp(10, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  static Optional<JsonObject> one(Connection c, Principal p, long id) throws SQLException {
    return CareListing.one(c, SELECT + " AND v.id = ? AND " + Scope.elders(p, "e"), id, Visits::json);
  }

  static CareListing.Page list(Connection c, Principal p, Filter f) throws SQLException {
    String scope = " AND " + Scope.elders(p, "e");
    return CareListing.page(c, "SELECT count(*) FROM care_visit v JOIN elder e ON e.id = v.elder_id WHERE e.erased_at IS NULL" + FILTER + scope,
        SELECT + FILTER + scope + " ORDER BY v.visited_at DESC, v.id DESC LIMIT ? OFFSET ?", values(f), f.limit(), f.offset(),
        Visits::json);
  }

  private static List<Object> values(Filter f) {
    Timestamp from = f.from() == null ? null : Timestamp.from(f.from());
    Timestamp to = f.to() == null ? null : Timestamp.from(f.to());
    List<Object> values = new ArrayList<>();
    values.add(f.elderId());
    values.add(f.elderId());
    values.add(f.siteId());
    values.add(f.siteId());
    values.add(from);
    values.add(from);
    values.add(to);
    values.add(to);
    return values;
  }

  static JsonObject json(ResultSet r) throws SQLException {
    Date due = r.getDate("next_action_due");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("elderId", r.getLong("elder_id"))
        .put("elderName", r.getString("elder_name"))
        .put("siteId", r.getObject("site_id", Long.class))
        .put("visitor", person(r.getLong("visitor_id"), r.getString("visitor_name")))
        .put("mode", r.getString("mode"))
        .put("visitedAt", r.getTimestamp("visited_at").toInstant().toString())
        .put("findings", r.getString("findings"))
        .put("alertId", r.getObject("alert_id", Long.class))
        .put("nextAction", r.getString("next_action"))
        .put("nextActionDue", due == null ? null : due.toLocalDate().toString())
        .put("recordedBy", person(r.getLong("recorded_by"), r.getString("recorder_name")))
        .put("recordedAt", r.getTimestamp("recorded_at").toInstant().toString());
  }

  static JsonObject person(long id, String displayName) {
    return new JsonObject().put("id", id).put("displayName", displayName);
  }
}
