package cn.anxin.platform.rules.config;

import java.util.Set;

/** The elder overrides a reader may see: all of them, or those of the listed elders. */
record OverrideScope(boolean all, Set<Long> elders) {

  OverrideScope {
    elders = Set.copyOf(elders);
  }

  boolean sees(long elderId) {
    return all || elders.contains(elderId);
  }
}
