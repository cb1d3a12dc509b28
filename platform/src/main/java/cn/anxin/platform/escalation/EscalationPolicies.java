package cn.anxin.platform.escalation;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * The table {@code escalation_policy}: per site, versions of its escalation settings, one active.
 * Saving writes the next version and makes it active, so the table is the record of who changed
 * what and when; a site that never saved any uses {@link EscalationPolicy#DEFAULTS} (version 0).
 */
public final class EscalationPolicies {

  /** A site's settings in force: version 0 (defaults) or a saved version with its author. */
  public record Version(long siteId, int version, EscalationPolicy policy, String comment, Long createdBy,
      String createdByName, Instant createdAt) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("siteId", siteId)
          .put("version", version)
          .put("comment", comment)
          .put("createdAt", createdAt == null ? null : createdAt.toString())
          .put("createdBy", createdBy == null ? null
              : new JsonObject().put("id", createdBy).put("displayName", createdByName))
          .put("policy", policy.toJson());
    }
  }

  private static final String ACTIVE = "SELECT p.version, p.document::text, p.comment, p.created_by,"
      + " a.display_name, p.created_at FROM escalation_policy p LEFT JOIN account a ON a.id = p.created_by"
      + " WHERE p.site_id = ? AND p.active";

  /** The settings in force for a site; the defaults when it never saved any (or has no site). */
  public Version active(Connection c, Long siteId) throws SQLException {
    if (siteId == null) {
      return new Version(0, 0, EscalationPolicy.DEFAULTS, null, null, null, null);
    }
    try (PreparedStatement s = c.prepareStatement(ACTIVE)) {
      s.setLong(1, siteId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return new Version(siteId, 0, EscalationPolicy.DEFAULTS, null, null, null, null);
        }
        return new Version(siteId, r.getInt(1), EscalationPolicy.fromJson(new JsonObject(r.getString(2))),
            r.getString(3), r.getObject(4, Long.class), r.getString(5), r.getTimestamp(6).toInstant());
      }
    }
  }

  /**
   * Stores the next version of a site's settings and makes it active. Writers of one site are
   * serialised by locking the site's row, so versions are gapless.
   */
  public Version save(Connection c, long siteId, EscalationPolicy policy, String comment, long accountId,
      Instant now) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT id FROM site WHERE id = ? FOR UPDATE")) {
      lock.setLong(1, siteId);
      lock.executeQuery().close();
    }
    int next;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT COALESCE(max(version), 0) + 1 FROM escalation_policy WHERE site_id = ?")) {
      s.setLong(1, siteId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        next = r.getInt(1);
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE escalation_policy SET active = false WHERE site_id = ? AND active")) {
      s.setLong(1, siteId);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation_policy (site_id, version, document,"
        + " comment, created_by, created_at) VALUES (?, ?, ?::jsonb, ?, ?, ?)")) {
      s.setLong(1, siteId);
      s.setInt(2, next);
      s.setString(3, policy.toJson().encode());
      if (comment == null) {
        s.setNull(4, Types.VARCHAR);
      } else {
        s.setString(4, comment);
      }
      s.setLong(5, accountId);
      s.setTimestamp(6, Timestamp.from(now));
      s.executeUpdate();
    }
    return active(c, siteId);
  }
}
