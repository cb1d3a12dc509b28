package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed from one configuration version to the next, as JSON Pointers: a member added,
 * removed, or with a different value. Objects are compared member by member; anything else
 * (numbers, strings, lists) as a whole.
 */
public final class ConfigDiff {

  /** One changed path; {@code from} is null for an addition, {@code to} for a removal. */
  public record Change(String path, String op, Object from, Object to) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("path", path).put("op", op);
      if (from != null) {
        json.put("from", from);
      }
      if (to != null) {
        json.put("to", to);
      }
      return json;
    }
  }

  private ConfigDiff() {}

  public static List<Change> between(JsonObject before, JsonObject after) {
    List<Change> changes = new ArrayList<>();
    walk("", before, after, changes);
    return changes;
  }

  private static void walk(String base, JsonObject before, JsonObject after, List<Change> changes) {
    TreeSet<String> names = new TreeSet<>(before.fieldNames());
    names.addAll(after.fieldNames());
    for (String name : names) {
      String path = Pointers.child(base, name);
      Object was = before.getValue(name);
      Object is = after.getValue(name);
      if (was == null && is != null) {
        changes.add(new Change(path, "added", null, is));
      } else if (was != null && is == null) {
        changes.add(new Change(path, "removed", was, null));
      } else if (was instanceof JsonObject w && is instanceof JsonObject i) {
        walk(path, w, i, changes);
      } else if (!sameValue(was, is)) {
        changes.add(new Change(path, "changed", was, is));
      }
    }
  }

  /** Equal values; numbers by value, so 30 read as a long equals 30 read as an int. */
  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }
}
