package cn.anxin.platform.registry.sites;

import cn.anxin.platform.api.rest.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes sites inside the caller's transaction: create, update by id, and upsert by code (what an
 * import does per row). Drafts must have been checked with {@link SiteDraft#problems(String)}; a code
 * another site already has is refused with 409 {@code site.code-taken}.
 */
public final class SiteWrites {

  private static final String COLUMNS =
      "code, name, kind, address, area_code, lon, lat, owner_org, phone, beds, nursing_beds, active";
  private static final String INSERT = "INSERT INTO site (" + COLUMNS + ", updated_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING RETURNING id";
  private static final String UPDATE = "UPDATE site SET code = ?, name = ?, kind = ?, address = ?,"
      + " area_code = ?, lon = ?, lat = ?, owner_org = ?, phone = ?, beds = ?, nursing_beds = ?, active = ?,"
      + " updated_at = ? WHERE id = ?";

  private final Clock clock;

  public SiteWrites(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Inserts a new site; 409 when its code is taken. */
  public long create(Connection c, SiteDraft draft) throws SQLException {
    draft.requireValid();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      int i = bind(s, draft);
      s.setTimestamp(i, Timestamp.from(clock.instant()));
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.conflict("site.code-taken", draft.code());
        }
        return r.getLong(1);
      }
    }
  }

  /**
   * Replaces a site's fields with the draft's; false when they already said the same (nothing is
   * written then), or when there is no such site.
   */
  public boolean update(Connection c, long id, SiteDraft draft) throws SQLException {
    draft.requireValid();
    Optional<SiteDraft> current = SiteReads.draftById(c, id, true);
    if (current.isEmpty() || current.get().equals(draft)) {
      return false;
    }
    if (!current.get().code().equals(draft.code()) && SiteReads.idByCode(c, draft.code(), false).isPresent()) {
      throw ApiProblem.conflict("site.code-taken", draft.code());
    }
    try (PreparedStatement s = c.prepareStatement(UPDATE)) {
      int i = bind(s, draft);
      s.setTimestamp(i, Timestamp.from(clock.instant()));
      s.setLong(i + 1, id);
      return s.executeUpdate() == 1;
    }
  }

  /** Creates the site with this code, or brings the existing one in line with the draft. */
  public Upserted upsert(Connection c, SiteDraft draft) throws SQLException {
    draft.requireValid();
    Optional<Long> existing = SiteReads.idByCode(c, draft.code(), true);
    if (existing.isEmpty()) {
      return new Upserted(Upserted.Outcome.CREATED, create(c, draft));
    }
    long id = existing.get();
    return new Upserted(update(c, id, draft) ? Upserted.Outcome.UPDATED : Upserted.Outcome.UNCHANGED, id);
  }

  /** Binds the draft's columns from parameter 1; answers the next parameter index. */
  private static int bind(PreparedStatement s, SiteDraft d) throws SQLException {
    s.setString(1, d.code());
    s.setString(2, d.name());
    s.setString(3, d.kind());
    s.setString(4, d.address());
    s.setString(5, d.areaCode());
    if (d.location() == null) {
      s.setNull(6, Types.DOUBLE);
      s.setNull(7, Types.DOUBLE);
    } else {
      s.setDouble(6, d.location().lon());
      s.setDouble(7, d.location().lat());
    }
    s.setString(8, d.ownerOrg());
    s.setString(9, d.phone());
    s.setObject(10, d.beds(), Types.INTEGER);
    s.setObject(11, d.nursingBeds(), Types.INTEGER);
    s.setBoolean(12, d.active());
    return 13;
  }
}
