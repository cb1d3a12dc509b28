package cn.anxin.platform.registry.importing;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where each of a target's columns sits in a file, and the header the file gave it. */
final class ColumnLayout {

  private final Set<String> declaredKeys;
  private final Map<String, Integer> indexByKey;
  private final Map<String, String> headerByKey;

  ColumnLayout(
      Set<String> declaredKeys, Map<String, Integer> indexByKey, Map<String, String> headerByKey) {
    this.declaredKeys = Set.copyOf(declaredKeys);
    this.indexByKey = Map.copyOf(indexByKey);
    this.headerByKey = Map.copyOf(headerByKey);
  }

  /** Fails fast on a key the target never declared: a programming error, not a data error. */
  void checkDeclared(String key) {
    if (!declaredKeys.contains(key)) {
      throw new IllegalArgumentException("No column with key '" + key + "' is declared");
    }
  }

  boolean has(String key) {
    return indexByKey.containsKey(key);
  }

  /** The header as written in the file; for an absent column, the key itself. */
  String headerOf(String key) {
    return headerByKey.getOrDefault(key, key);
  }

  /** The cell text as read (untrimmed), or null when the column or the cell is absent. */
  String cell(List<String> cells, String key) {
    Integer index = indexByKey.get(key);
    return index == null || index >= cells.size() ? null : cells.get(index);
  }
}
