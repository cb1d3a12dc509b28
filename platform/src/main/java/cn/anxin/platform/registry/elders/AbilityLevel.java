package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.Messages;
import java.util.Locale;

/**
 * Ability levels of GB/T 42195-2022 (老年人能力评估规范). The database derives the level from the
 * score (a generated column); this names it in the language of the answer.
 */
enum AbilityLevel {
  /** 能力完好: a score of 90. */
  INTACT,
  /** 轻度失能: 66-89. */
  MILD,
  /** 中度失能: 46-65. */
  MODERATE,
  /** 重度失能: 30-45. */
  SEVERE,
  /** 完全失能: 0-29. */
  COMPLETE;

  String label(Locale locale) {
    return Messages.text(locale, "elder.level." + name());
  }
}
