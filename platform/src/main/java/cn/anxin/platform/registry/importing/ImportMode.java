package cn.anxin.platform.registry.importing;

/** How an import treats a file in which some rows are invalid. */
public enum ImportMode {
  /** The default: one invalid row and nothing is imported; every problem is still reported. */
  ALL_OR_NOTHING,
  /** The valid rows are imported; the invalid ones are reported and left out. */
  VALID_ROWS
}
