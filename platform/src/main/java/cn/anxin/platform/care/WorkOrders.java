package cn.anxin.platform.care;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The care_work_order table, in the caller's transaction, read within the caller's scope. */
final class WorkOrders {

  /** A work order to open. */
  record Draft(long elderId, String kind, String description, Long alertId, Long assigneeId, Instant dueAt) {}

  /** The stored state an update starts from. */
  record Current(long id, long elderId, Long siteId, String status, Long assigneeId) {}

  /** List filters; null means any. */
  record Filter(Long elderId, Long siteId, String status, Long assigneeId, int limit, int offset) {}

  /** A page of orders as JSON, the elders in it, and the total. */

  private static final String SELECT = "SELECT w.id, w.elder_id, e.name AS elder_name, e.site_id, w.kind,"
      + " w.description, w.alert_id, w.assignee_id, aa.display_name AS assignee_name, w.due_at, w.status, w.outcome,"
      + " w.created_by, ca.display_name AS creator_name, w.created_at, w.updated_at, w.closed_at"
      + " FROM care_work_order w JOIN elder e ON e.id = w.elder_id LEFT JOIN account aa ON aa.id = w.assignee_id"
      + " JOIN account ca ON ca.id = w.created_by WHERE e.erased_at IS NULL";
  private static final String FILTER = " AND (?::bigint IS NULL OR w.elder_id = ?) AND (?::bigint IS NULL OR e.site_id = ?)"
      + " AND (?::text IS NULL OR w.status = ?) AND (?::bigint IS NULL OR w.assignee_id = ?)";

  private WorkOrders() {}

  static long insert(Connection c, Draft d, long createdBy, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO care_work_order (elder_id, kind, description, alert_id,"
        + " assignee_id, due_at, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " RETURNING id")) {
      s.setLong(1, d.elderId());
      s.setString(2, d.kind());
      s.setString(3, d.description());
      s.setObject(4, d.alertId());
      s.setObject(5, d.assigneeId());
      s.setTimestamp(6, d.dueAt() == null ? null : Timestamp.from(d.dueAt()));
      s.setString(7, d.assigneeId() == null ? "OPEN" : "ASSIGNED");
      s.setLong(8, createdBy);
      s.setTimestamp(9, Timestamp.from(now));
      s.setTimestamp(10, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Locks an order the caller may see, for an update. */
  static Optional<Current> lock(Connection c, Principal p, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT w.id, w.elder_id, e.site_id, w.status, w.assignee_id"
        + " FROM care_work_order w JOIN elder e ON e.id = w.elder_id WHERE w.id = ? AND e.erased_at IS NULL AND "
        + Scope.elders(p, "e") + " FOR UPDATE OF w")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Current(r.getLong(1), r.getLong(2), r.getObject(3, Long.class),
            r.getString(4), r.getObject(5, Long.class))) : Optional.empty();
      }
    }
  }

  /** Writes the new state; {@code closedBy} only when the order closes. */
  static void update(Connection c, long id, String status, Long assigneeId, boolean setDue, Instant dueAt,
      String outcome, Long closedBy, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE care_work_order SET status = ?, assignee_id = ?,"
        + " due_at = CASE WHEN ?::boolean THEN ?::timestamptz ELSE due_at END, outcome = COALESCE(?, outcome), updated_at = ?,"
        + " closed_by = COALESCE(?, closed_by), closed_at = CASE WHEN ?::text IN ('DONE', 'CANCELLED') THEN ?::timestamptz END"
        + " WHERE id = ?")) {
      s.setString(1, status);
      s.setObject(2, assigneeId);
      s.setBoolean(3, setDue);
      s.setTimestamp(4, dueAt == null ? null : Timestamp.from(dueAt));
      s.setString(5, outcome);
      s.setTimestamp(6, Timestamp.from(now));
      s.setObject(7, closedBy);
      s.setString(8, status);
      s.setTimestamp(9, Timestamp.from(now));
      s.setLong(10, id);
      s.executeUpdate();
    }
  }

  static Optional<JsonObject> one(Connection c, Principal p, long id) throws SQLException {
    return CareListing.one(c, SELECT + " AND w.id = ? AND " + Scope.elders(p, "e"), id, WorkOrders::json);
  }

  static CareListing.Page list(Connection c, Principal p, Filter f) throws SQLException {
    String scope = " AND " + Scope.elders(p, "e");
    return CareListing.page(c, "SELECT count(*) FROM care_work_order w JOIN elder e ON e.id = w.elder_id WHERE e.erased_at IS NULL" + FILTER + scope,
        SELECT + FILTER + scope + " ORDER BY w.created_at DESC, w.id DESC LIMIT ? OFFSET ?", values(f), f.limit(), f.offset(),
        WorkOrders::json);
  }

  private static List<Object> values(Filter f) {
    return Arrays.asList(f.elderId(), f.elderId(), f.siteId(), f.siteId(), f.status(), f.status(),
        f.assigneeId(), f.assigneeId());
  }

  static JsonObject json(ResultSet r) throws SQLException {
    Long assignee = r.getObject("assignee_id", Long.class);
    Timestamp due = r.getTimestamp("due_at");
    Timestamp closed = r.getTimestamp("closed_at");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("elderId", r.getLong("elder_id"))
        .put("elderName", r.getString("elder_name"))
        .put("siteId", r.getObject("site_id", Long.class))
        .put("kind", r.getString("kind"))
        .put("description", r.getString("description"))
        .put("alertId", r.getObject("alert_id", Long.class))
        .put("assignee", assignee == null ? null : Visits.person(assignee, r.getString("assignee_name")))
        .put("dueAt", due == null ? null : due.toInstant().toString())
        .put("status", r.getString("status"))
        .put("outcome", r.getString("outcome"))
        .put("createdBy", Visits.person(r.getLong("created_by"), r.getString("creator_name")))
        .put("createdAt", r.getTimestamp("created_at").toInstant().toString())
        .put("updatedAt", r.getTimestamp("updated_at").toInstant().toString())
        .put("closedAt", closed == null ? null : closed.toInstant().toString());
  }
}
