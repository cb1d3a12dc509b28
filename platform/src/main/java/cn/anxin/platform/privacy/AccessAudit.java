package cn.anxin.platform.privacy;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The access audit (PIPL): every read of elders' personal data writes one row in the same transaction
 * as the read, so there is no read without its record. Purpose comes from the caller's
 * {@code X-Anxin-Purpose} header, or the operation's default.
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
