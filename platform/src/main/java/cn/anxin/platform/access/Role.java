package cn.anxin.platform.access;

/** What an account is for; each operation of the API names the roles it admits. */
public enum Role {
  /** Care-centre staff: their own sites' elders, alerts and devices. */
  STAFF,
  /** A centre's supervisor: as staff, plus escalations and assignment at their sites. */
  SUPERVISOR,
  /** A family member: only the elders they are linked to as a contact. */
  FAMILY,
  /** The civil-affairs bureau: reads everything, identity numbers masked. */
  BUREAU,
  /** Registers sites, elders, devices and accounts. */
  ADMIN;

  /** Whether the role's scope is every site and elder (reading, not necessarily writing). */
  public boolean readsAll() {
    return this == BUREAU || this == ADMIN;
  }

  /** Whether the role may see a full ID-card number (every such read is audited). */
  public boolean seesIdentityNumbers() {
    return this == ADMIN;
  }
}
