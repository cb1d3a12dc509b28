package cn.anxin.platform.registry.importing;

import java.text.Normalizer;
import java.util.Locale;

/** Cleaning and folding of cell and header text, so that near-identical spellings compare equal. */
final class CellText {

  private CellText() {}

  /**
   * The text with surrounding white space removed, counting the ideographic (full-width) space
   * and the no-break space; null when nothing is left.
   */
  static String clean(String text) {
    if (text == null) {
      return null;
    }
    String stripped = text.replace('\u3000', ' ').replace('\u00A0', ' ').strip();
    return stripped.isEmpty() ? null : stripped;
  }

  /** Half-width (NFKC) text: full-width digits, letters, punctuation and spaces made ASCII. */
  static String halfWidth(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC);
  }

  /** The form labels compare in: half-width, lower case, without any white space. */
  static String foldLabel(String text) {
    return halfWidth(text).toLowerCase(Locale.ROOT).replaceAll("[\\s\\u3000]+", "");
  }

  /** The form headers compare in: a folded label, also without {@code *}, {@code _} and {@code -}. */
  static String foldHeader(String text) {
    return foldLabel(text).replaceAll("[*_\\-]", "");
  }
}
