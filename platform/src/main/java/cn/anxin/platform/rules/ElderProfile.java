package cn.anxin.platform.rules;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * What the rules need to know of an elder on one day (China Standard Time): the traits that pick
 * configuration overrides, the risk tier, and the status that mutes or stops alerts.
 *
 * @param status the status period covering the day (the latest-starting one), if any
 * @param deceased a DECEASED period starts on or before the day (for live processing: one is recorded)
 * @param erased the elder's personal data was erased
 */
public record ElderProfile(long elderId, Set<String> categories, String riskTier, Optional<String> abilityLevel,
    LocalDate day, Optional<String> status, boolean deceased, boolean erased) {

  public ElderProfile {
    categories = Set.copyOf(categories);
  }

  /** Deceased or erased elders raise no alert at all. */
  public boolean raisesNothing() {
    return deceased || erased;
  }

  /** AWAY (staying with family) or HOSPITAL on the day: the rules in mutedWhenAway are muted. */
  public boolean away() {
    return status.filter(s -> s.equals("AWAY") || s.equals("HOSPITAL")).isPresent();
  }

  public boolean highRisk() {
    return "HIGH".equals(riskTier);
  }
}
