package cn.anxin.platform.registry.sites;

/** What an upsert of a site did, and the site's id. */
public record Upserted(Outcome outcome, long id) {

  /** Whether a row was inserted, changed, or already said the same. */
  public enum Outcome { CREATED, UPDATED, UNCHANGED }
}
