package cn.anxin.platform.registry.sites;

import java.time.Instant;

/** A stored site: its id, fields and times; with counts when read one at a time. */
public record SiteView(long id, SiteDraft site, Instant createdAt, Instant updatedAt, Counts counts) {

  /**
   * What hangs off a site: elders it is responsible for (not erased), devices installed at it, and
   * enabled staff and supervisors working for it.
   */
  public record Counts(long elders, long devices, long staff) {}
}
