package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions of the configuration as the API answers them, limited to what the reader may see:
 * elder overrides of elders outside the reader's scope are left out, from the document and from
 * the listed changes.
 */
final class VersionJson {

  /** At most this many changes are listed per version; changeCount counts them all. */
  static final int MAX_CHANGES = 100;

  private static final Pattern ELDER_PATH = Pattern.compile("^/overrides/elders/([0-9]+)(/.*)?$");

  private VersionJson() {}

  /** A version without its document, with the changes from the version before it (null for the first). */
  static JsonObject summary(RuleConfigStore.Version v, RuleConfigStore.Version previous, OverrideScope scope) {
    List<ConfigDiff.Change> changes = previous == null ? List.of()
        : ConfigDiff.between(previous.document(), v.document());
    JsonArray listed = new JsonArray();
    for (ConfigDiff.Change change : changes) {
      if (listed.size() < MAX_CHANGES && isVisible(change.path(), scope)) {
        listed.add(change.toJson());
      }
    }
    return new JsonObject()
        .put("version", v.version())
        .put("active", v.active())
        .put("comment", v.comment())
        .put("createdAt", v.createdAt().toString())
        .put("createdBy", v.createdBy().map(a -> new JsonObject().put("id", a.id())
            .put("username", a.username()).put("displayName", a.displayName())).orElse(null))
        .put("changes", listed)
        .put("changeCount", changes.size());
  }

  /** A version with its document. */
  static JsonObject full(RuleConfigStore.Version v, RuleConfigStore.Version previous, OverrideScope scope) {
    JsonObject document = v.document().copy();
    JsonObject elders = document.getJsonObject(RuleDocument.OVERRIDES, new JsonObject())
        .getJsonObject(RuleDocument.ELDERS, new JsonObject());
    for (String key : Set.copyOf(elders.fieldNames())) {
      if (!scope.sees(Long.parseLong(key))) {
        elders.remove(key);
      }
    }
    return summary(v, previous, scope).put("document", document);
  }

  /** The elder ids a document's overrides name. */
  static Set<Long> elderIds(JsonObject document) {
    return document.getJsonObject(RuleDocument.OVERRIDES, new JsonObject())
        .getJsonObject(RuleDocument.ELDERS, new JsonObject())
        .fieldNames().stream().map(Long::parseLong).collect(java.util.stream.Collectors.toSet());
  }

  /** The elder ids the changes between two documents name. */
  static Set<Long> elderIds(List<ConfigDiff.Change> changes) {
    Set<Long> ids = new java.util.HashSet<>();
    for (ConfigDiff.Change change : changes) {
      Matcher m = ELDER_PATH.matcher(change.path());
      if (m.matches()) {
        ids.add(Long.parseLong(m.group(1)));
      }
      if (change.path().equals("/overrides/elders")) {
        for (Object side : new Object[] {change.from(), change.to()}) {
          if (side instanceof JsonObject o) {
            o.fieldNames().forEach(k -> ids.add(Long.parseLong(k)));
          }
        }
      }
    }
    return ids;
  }

  /** The elder ids whose overrides listed changes show. */
  static Set<Long> elderIds(JsonArray listedChanges) {
    Set<Long> ids = new java.util.HashSet<>();
    for (Object change : listedChanges) {
      Matcher m = ELDER_PATH.matcher(((JsonObject) change).getString("path"));
      if (m.matches()) {
        ids.add(Long.parseLong(m.group(1)));
      }
    }
    return ids;
  }

  private static boolean isVisible(String path, OverrideScope scope) {
    if (scope.all()) {
      return true;
    }
    Matcher m = ELDER_PATH.matcher(path);
    if (m.matches()) {
      return scope.sees(Long.parseLong(m.group(1)));
    }
    return !"/overrides/elders".startsWith(path);
  }
}
