package cn.anxin.platform.access;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * SQL conditions that keep a query inside what an account may see. Every query that returns
 * elders, alerts, devices, sites or anything about them adds one of these; the ids are inlined as
 * numbers (never text), so the conditions carry no parameters.
 */
public final class Scope {

  private Scope() {}

  /** A condition on an elder row, e.g. {@code elders(p, "e")} gives {@code e.site_id IN (3, 4)}. */
  public static String elders(Principal p, String alias) {
    return switch (p.role()) {
      case ADMIN, BUREAU -> "TRUE";
      case STAFF, SUPERVISOR -> in(alias + ".site_id", p.siteIds());
      case FAMILY -> in(alias + ".id", p.elderIds());
    };
  }

  /** A condition on a column holding an elder id (an alert's, a contact's ...). */
  public static String elderId(Principal p, String column) {
    return switch (p.role()) {
      case ADMIN, BUREAU -> "TRUE";
      case STAFF, SUPERVISOR -> p.siteIds().isEmpty() ? "FALSE"
          : column + " IN (SELECT id FROM elder WHERE " + in("site_id", p.siteIds()) + ")";
      case FAMILY -> in(column, p.elderIds());
    };
  }

  /** A condition on a column holding a site id. Family members see their elders' sites. */
  public static String siteId(Principal p, String column) {
    return switch (p.role()) {
      case ADMIN, BUREAU -> "TRUE";
      case STAFF, SUPERVISOR -> in(column, p.siteIds());
      case FAMILY -> p.elderIds().isEmpty() ? "FALSE"
          : column + " IN (SELECT site_id FROM elder WHERE " + in("id", p.elderIds()) + ")";
    };
  }

  /**
   * A condition on a site row for reading sites as sites (lists, details, the map's site layer): the
   * caller's sites, less elders' homes except for administrators, since a home's name and address
   * are the elder's personal data and are read through the elder (where the read is audited).
   */
  public static String sitesShown(Principal p, String alias) {
    String scoped = siteId(p, alias + ".id");
    return p.role() == Role.ADMIN ? scoped : "(" + scoped + " AND " + alias + ".kind <> 'HOME')";
  }

  /** A condition on a device row: bound to a visible elder, or (staff) installed at one of their sites. */
  public static String devices(Principal p, String alias) {
    return switch (p.role()) {
      case ADMIN, BUREAU -> "TRUE";
      case STAFF, SUPERVISOR -> "(" + in(alias + ".site_id", p.siteIds()) + " OR "
          + elderId(p, alias + ".elder_id") + ")";
      case FAMILY -> in(alias + ".elder_id", p.elderIds());
    };
  }

  private static String in(String column, Set<Long> ids) {
    if (ids.isEmpty()) {
      return "FALSE";
    }
    return column + " IN (" + ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
  }
}
