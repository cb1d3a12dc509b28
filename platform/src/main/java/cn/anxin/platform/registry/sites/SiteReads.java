package cn.anxin.platform.registry.sites;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads sites inside the caller's transaction, within the caller's scope where one is given. */
public final class SiteReads {

  /** The list filters; null means "any". {@code area} is an area-code prefix. */
  public record Filter(String kind, String area, Boolean active, int limit, int offset) {}

  /** One page of a list, and how many match in all. */
  public record Page(List<SiteView> items, long total) {}

  private static final String SELECT = "SELECT s.id, s.code, s.name, s.kind, s.address, s.area_code, s.lon, s.lat,"
      + " s.owner_org, s.phone, s.beds, s.nursing_beds, s.active, s.created_at, s.updated_at FROM site s";
  private static final String WHERE = " WHERE (?::text IS NULL OR s.kind = ?)"
      + " AND (?::text IS NULL OR s.area_code LIKE ? || '%') AND (?::boolean IS NULL OR s.active = ?)";
  private static final String COUNTS = "SELECT"
      + " (SELECT count(*) FROM elder e WHERE e.site_id = ? AND e.erased_at IS NULL),"
      + " (SELECT count(*) FROM device d WHERE d.site_id = ?),"
      + " (SELECT count(*) FROM account_site x JOIN account a ON a.id = x.account_id"
      + "   WHERE x.site_id = ? AND a.enabled AND a.role IN ('STAFF', 'SUPERVISOR'))";

  private SiteReads() {}

  public static Page list(Connection c, Principal p, Filter f) throws SQLException {
    String scope = " AND " + Scope.sitesShown(p, "s");
    long total;
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM site s" + WHERE + scope)) {
      bindFilter(s, f);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    List<SiteView> items = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SELECT + WHERE + scope + " ORDER BY s.code LIMIT ? OFFSET ?")) {
      bindFilter(s, f);
      s.setInt(7, f.limit());
      s.setInt(8, f.offset());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          items.add(view(r, null));
        }
      }
    }
    return new Page(items, total);
  }

  /** One site with its counts; empty when it does not exist or is outside the caller's scope. */
  public static Optional<SiteView> one(Connection c, Principal p, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE s.id = ? AND " + Scope.sitesShown(p, "s"))) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(view(r, counts(c, id))) : Optional.empty();
      }
    }
  }

  /** The stored fields of a site as a draft, optionally locking the row for an update. */
  public static Optional<SiteDraft> draftById(Connection c, long id, boolean forUpdate) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE s.id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(draft(r)) : Optional.empty();
      }
    }
  }

  public static Optional<Long> idByCode(Connection c, String code, boolean forUpdate) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id FROM site WHERE code = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      s.setString(1, code);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
      }
    }
  }

  private static SiteView.Counts counts(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(COUNTS)) {
      s.setLong(1, id);
      s.setLong(2, id);
      s.setLong(3, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new SiteView.Counts(r.getLong(1), r.getLong(2), r.getLong(3));
      }
    }
  }

  private static void bindFilter(PreparedStatement s, Filter f) throws SQLException {
    s.setString(1, f.kind());
    s.setString(2, f.kind());
    s.setString(3, f.area());
    s.setString(4, f.area());
    s.setObject(5, f.active(), Types.BOOLEAN);
    s.setObject(6, f.active(), Types.BOOLEAN);
  }

  private static SiteView view(ResultSet r, SiteView.Counts counts) throws SQLException {
    return new SiteView(r.getLong("id"), draft(r), r.getTimestamp("created_at").toInstant(),
        r.getTimestamp("updated_at").toInstant(), counts);
  }

  private static SiteDraft draft(ResultSet r) throws SQLException {
    Double lon = r.getObject("lon", Double.class);
    Double lat = r.getObject("lat", Double.class);
    return new SiteDraft(r.getString("code"), r.getString("name"), r.getString("kind"), r.getString("address"),
        r.getString("area_code"), lon == null || lat == null ? null : new SiteDraft.Location(lon, lat),
        r.getString("owner_org"), r.getString("phone"), r.getObject("beds", Integer.class),
        r.getObject("nursing_beds", Integer.class), r.getBoolean("active"));
  }
}
