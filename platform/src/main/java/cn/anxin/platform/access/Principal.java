package cn.anxin.platform.access;

import java.util.Set;

/**
 * The signed-in account behind a request, with its scope: the sites a staff member or supervisor
 * works for, and the elders a family member is linked to.
 */
public record Principal(long accountId, String username, String displayName, Role role, String locale,
    Set<Long> siteIds, Set<Long> elderIds) {

  public Principal {
    siteIds = Set.copyOf(siteIds);
    elderIds = Set.copyOf(elderIds);
  }

  /** Whether this account may see an elder, given the elder's id and responsible site. */
  public boolean mayView(long elderId, Long elderSiteId) {
    return switch (role) {
      case ADMIN, BUREAU -> true;
      case STAFF, SUPERVISOR -> elderSiteId != null && siteIds.contains(elderSiteId);
      case FAMILY -> elderIds.contains(elderId);
    };
  }

  public boolean is(Role... roles) {
    for (Role r : roles) {
      if (role == r) {
        return true;
      }
    }
    return false;
  }
}
