package cn.anxin.platform.privacy;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The access audit (PIPL): every read of elders' personal data writes one row in the same transaction
 * as the read, so there is no read without its record. Purpose comes from the caller's
 * {@code X-Anxin-Purpose} header, or the operation's default. Alerts pushed to open streams are the
 * exception: they are recorded through {@link #recordAll}, queued in memory with the time of the push.
 */
public final class AccessAudit {

  private AccessAudit() {}

  /**
   * Records a read.
   *
   * @param action what was read, e.g. {@code ELDER_READ}, {@code ELDER_LIST}, {@code MAP}, {@code EXPORT}
   * @param elderIds the elders whose data the answer contained
   * @param fields the kinds of personal data it contained, e.g. {@code name}, {@code idCard}, {@code location}
   * @param defaultPurpose the purpose when the caller gave none
   */
  public static void record(Connection c, ApiRequest request, String action, Collection<Long> elderIds,
      List<String> fields, String defaultPurpose) throws SQLException {
    record(c, request.principal(), action, elderIds, fields, purpose(request, defaultPurpose), request.clientIp());
  }

  public static void record(Connection c, Principal p, String action, Collection<Long> elderIds,
      List<String> fields, String purpose, String clientIp) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO access_audit (account_id, role, action, elder_ids, fields, purpose, client_ip)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      Array ids = c.createArrayOf("bigint", elderIds.toArray());
      Array names = c.createArrayOf("text", fields.toArray());
      s.setLong(1, p.accountId());
      s.setString(2, p.role().name());
      s.setString(3, action);
      s.setArray(4, ids);
      s.setArray(5, names);
      s.setString(6, purpose);
      s.setString(7, clientIp);
      s.executeUpdate();
    }
  }

  /**
   * A read recorded after the fact, with the time it happened: pushes to open alert streams are
   * queued and written in batches (see the API's {@code StreamAudit}) rather than in a transaction of
   * their own.
   */
  public record Read(Instant at, long accountId, String role, String action, List<Long> elderIds,
      List<String> fields, String purpose, String clientIp) {

    public static Read of(Instant at, Principal p, String action, List<Long> elderIds, List<String> fields,
        String purpose, String clientIp) {
      return new Read(at, p.accountId(), p.role().name(), action, List.copyOf(elderIds), List.copyOf(fields),
          purpose, clientIp);
    }
  }

  /** Writes reads that happened earlier, each with its own time, in one transaction. */
  public static void recordAll(Connection c, List<Read> reads) throws SQLException {
    if (reads.isEmpty()) {
      return;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO access_audit (at, account_id, role, action, elder_ids, fields, purpose, client_ip)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Read r : reads) {
        s.setTimestamp(1, Timestamp.from(r.at()));
        s.setLong(2, r.accountId());
        s.setString(3, r.role());
        s.setString(4, r.action());
        s.setArray(5, c.createArrayOf("bigint", r.elderIds().toArray()));
        s.setArray(6, c.createArrayOf("text", r.fields().toArray()));
        s.setString(7, r.purpose());
        s.setString(8, r.clientIp());
        s.addBatch();
      }
      s.executeBatch();
      c.commit();
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is gone; nothing was committed
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(autoCommit);
      } catch (SQLException ignored) {
        // the pool discards a broken connection
      }
    }
  }

  /** The caller's stated purpose (trimmed, at most 200 characters), or the default. */
  public static String purpose(ApiRequest request, String defaultPurpose) {
    String given = request.header("X-Anxin-Purpose");
    if (given == null || given.isBlank()) {
      return defaultPurpose;
    }
    String trimmed = given.strip();
    return trimmed.length() > 200 ? trimmed.substring(0, 200) : trimmed;
  }
}
