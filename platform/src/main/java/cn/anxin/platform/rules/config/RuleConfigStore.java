package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored versions of the rule configuration, in the caller's transaction. When there is none
 * yet, the first read stores version 1 with the built-in defaults ({@link RuleDocument#defaults()}).
 */
public final class RuleConfigStore {

  /** Comment of the seeded version 1. */
  public static final String SEED_COMMENT = "默认阈值（领域手册）/ built-in defaults (domain handbook)";

  private static final String SELECT =
      "SELECT v.version, v.document::text, v.comment, v.created_at, v.active,"
          + " a.id, a.username, a.display_name FROM rule_config v LEFT JOIN account a ON a.id = v.created_by";
  private static final String ACTIVE_VERSION = "SELECT version FROM rule_config WHERE active";
  private static final String SEED =
      "INSERT INTO rule_config (version, document, comment, created_by, created_at, active)"
          + " SELECT 1, ?::jsonb, ?, NULL, ?, true WHERE NOT EXISTS (SELECT 1 FROM rule_config)"
          + " ON CONFLICT DO NOTHING";

  /** Who saved a version. */
  public record Author(long id, String username, String displayName) {}

  /** One stored version. */
  public record Version(int version, JsonObject document, String comment, Optional<Author> createdBy,
      Instant createdAt, boolean active) {}

  private final Clock clock;

  public RuleConfigStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The number of the active version: one indexed read, for checking whether a cache is current. */
  public int activeVersion(Connection c) throws SQLException {
    Optional<Integer> active = readActiveVersion(c);
    if (active.isPresent()) {
      return active.get();
    }
    seed(c);
    return readActiveVersion(c).orElseThrow(() -> new SQLException("no active rule configuration"));
  }

  public Version active(Connection c) throws SQLException {
    int version = activeVersion(c);
    return find(c, version).orElseThrow(() -> new SQLException("rule configuration " + version + " vanished"));
  }

  public Optional<Version> find(Connection c, int version) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE v.version = ?")) {
      s.setInt(1, version);
      List<Version> found = read(s);
      return found.stream().findFirst();
    }
  }

  /** Versions newest first. */
  public List<Version> page(Connection c, int limit, int offset) throws SQLException {
    activeVersion(c);
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY v.version DESC LIMIT ? OFFSET ?")) {
      s.setInt(1, limit);
      s.setInt(2, offset);
      return read(s);
    }
  }

  public int count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM rule_config")) {
      r.next();
      return r.getInt(1);
    }
  }

  /**
   * Stores a complete, valid document as the next version and makes it the active one. Writers are
   * serialised by a table lock (readers are not blocked), so versions are gapless.
   *
   * @param baseVersion when present, the version the author edited: refused (empty answer) when
   *     another version has become active since
   */
  public Optional<Version> save(Connection c, JsonObject document, String comment, long accountId,
      Optional<Integer> baseVersion) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE rule_config IN SHARE ROW EXCLUSIVE MODE");
    }
    int active = activeVersion(c);
    if (baseVersion.isPresent() && baseVersion.get() != active) {
      return Optional.empty();
    }
    int next;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM rule_config")) {
      r.next();
      next = r.getInt(1) + 1;
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE rule_config SET active = false WHERE active");
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO rule_config (version, document, comment, created_by, created_at, active)"
            + " VALUES (?, ?::jsonb, ?, ?, ?, true)")) {
      s.setInt(1, next);
      s.setString(2, document.encode());
      s.setString(3, comment);
      s.setLong(4, accountId);
      s.setTimestamp(5, Timestamp.from(clock.instant()));
      s.executeUpdate();
    }
    return find(c, next);
  }

  private static Optional<Integer> readActiveVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(ACTIVE_VERSION)) {
      return r.next() ? Optional.of(r.getInt(1)) : Optional.empty();
    }
  }

  private void seed(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SEED)) {
      s.setString(1, RuleDocument.defaults().encode());
      s.setString(2, SEED_COMMENT);
      s.setTimestamp(3, Timestamp.from(clock.instant()));
      s.executeUpdate();
    }
  }

  private static List<Version> read(PreparedStatement s) throws SQLException {
    List<Version> versions = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        long authorId = r.getLong(6);
        Optional<Author> author = r.wasNull() ? Optional.empty()
            : Optional.of(new Author(authorId, r.getString(7), r.getString(8)));
        versions.add(new Version(r.getInt(1), new JsonObject(r.getString(2)), r.getString(3), author,
            r.getTimestamp(4).toInstant(), r.getBoolean(5)));
      }
    }
    return versions;
  }
}
