package cn.anxin.platform.registry.elders;

import cn.anxin.platform.privacy.SealedIdCard;
import java.util.Map;

/**
 * What a create or patch body writes to an elder row: columns and their values (null clears a
 * column), and the ID card, sealed, when it is given.
 *
 * @param columns elder columns by name, in the order given
 * @param idCard the new ID card, sealed; null when it does not change
 */
record ElderChange(Map<String, Object> columns, SealedIdCard idCard) {

  ElderChange {
    columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
  }

  String code() {
    return (String) columns.get("code");
  }
}
