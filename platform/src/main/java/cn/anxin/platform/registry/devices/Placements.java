package cn.anxin.platform.registry.devices;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.FieldError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks and completes a device's placement against the registry: the elder must exist (not
 * erased) and the site must exist, both within the scope of whoever binds; an elder or site outside
 * that scope is reported exactly like one that does not exist.
 */
public final class Placements {

  private Placements() {}

  /**
   * What is wrong with a placement for this principal, as field errors under {@code at}
   * ({@code /body/elderId}, {@code /body/siteId}). A supervisor must keep the device in their scope:
   * they may not leave it bound to no elder and no site.
   */
  public static List<FieldError> problems(Connection c, Principal p, Placement placement, String at)
      throws SQLException {
    List<FieldError> out = new ArrayList<>();
    if (placement.elderId() != null && !exists(c,
        "SELECT 1 FROM elder e WHERE e.id = ? AND e.erased_at IS NULL AND " + Scope.elders(p, "e"),
        placement.elderId())) {
      out.add(FieldError.of(at + "/elderId", "device.elder-unknown", placement.elderId()));
    }
    if (placement.siteId() != null && !exists(c,
        "SELECT 1 FROM site s WHERE s.id = ? AND " + Scope.siteId(p, "s.id"), placement.siteId())) {
      out.add(FieldError.of(at + "/siteId", "device.site-unknown", placement.siteId()));
    }
    if (!p.role().readsAll() && p.role() != Role.FAMILY
        && placement.elderId() == null && placement.siteId() == null) {
      out.add(FieldError.of(at + "/siteId", "device.placement-required"));
    }
    return out;
  }

  /** The placement with the elder's responsible site filled in when an elder is named without a site. */
  public static Placement complete(Connection c, Placement placement) throws SQLException {
    if (placement.elderId() == null || placement.siteId() != null) {
      return placement;
    }
    Optional<Long> site = elderSite(c, placement.elderId());
    return site.map(s -> new Placement(placement.elderId(), s, placement.room())).orElse(placement);
  }

  private static Optional<Long> elderSite(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT site_id FROM elder WHERE id = ?")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.ofNullable(r.getObject(1, Long.class)) : Optional.empty();
      }
    }
  }

  private static boolean exists(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
