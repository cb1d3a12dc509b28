package cn.anxin.platform.alerts;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Role;

/**
 * Who reads an alert, for what it shows of the people handling it. Family members see what happened
 * to their elder and when (statuses, times, dispositions, the device events), but not who on the
 * staff did it, nor the staff's working notes; everyone else who may see the alert sees all of it.
 */
public enum Audience {
  /** Staff, supervisors, the bureau and administrators: names and notes included. */
  CARE,
  /** A family member of the elder: staff shown by role only, no notes. */
  FAMILY;

  public static Audience of(Principal p) {
    return p.role() == Role.FAMILY ? FAMILY : CARE;
  }

  public boolean seesStaff() {
    return this == CARE;
  }
}
