package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a rule configuration document and completes it. Every reason to refuse it is reported,
 * each with a JSON Pointer into the document; a document without any is returned complete: every
 * rule of the catalogue with every parameter under {@code rules} (missing ones take the catalogue
 * defaults), {@code mutedWhenAway} (the handbook's list when missing) and the three override
 * sections.
 */
public final class ConfigValidator {

  private static final Pattern ELDER_ID = Pattern.compile("^[1-9][0-9]{0,17}$");
  private static final Set<String> SECTIONS =
      Set.of(RuleDocument.RULES, RuleDocument.MUTED_WHEN_AWAY, RuleDocument.OVERRIDES);
  private static final Set<String> OVERRIDE_SECTIONS =
      Set.of(RuleDocument.CATEGORIES, RuleDocument.ABILITY_LEVELS, RuleDocument.ELDERS);

  /** The outcome: the reasons to refuse, or none and the completed document. */
  public record Result(List<ConfigError> errors, JsonObject document) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /** Which of some elder ids name elders that exist (and are not erased). */
  @FunctionalInterface
  public interface ElderDirectory {
    Set<Long> existing(Set<Long> ids) throws SQLException;
  }

  private final ElderDirectory existingElders;

  public ConfigValidator(ElderDirectory existingElders) {
    this.existingElders = existingElders;
  }

  public Result validate(JsonObject document) throws SQLException {
    List<ConfigError> errors = new ArrayList<>();
    for (String section : document.fieldNames()) {
      if (!SECTIONS.contains(section)) {
        errors.add(ConfigError.of(Pointers.child("", section), "rules.unknown-section", section));
      }
    }
    JsonObject rules = object(document, RuleDocument.RULES, "", errors);
    Map<String, Map<String, Object>> global = complete(layer(rules, "/" + RuleDocument.RULES, errors));
    checkPairs(global, Map.of(), "/" + RuleDocument.RULES, errors);
    JsonArray muted = mutedWhenAway(document, errors);
    JsonObject overrides = overrides(document, global, errors);
    if (!errors.isEmpty()) {
      return new Result(errors, null);
    }
    JsonObject complete = new JsonObject();
    JsonObject completeRules = new JsonObject();
    global.forEach((code, values) -> completeRules.put(code, Values.toJson(values)));
    complete.put(RuleDocument.RULES, completeRules);
    complete.put(RuleDocument.MUTED_WHEN_AWAY, muted);
    complete.put(RuleDocument.OVERRIDES, overrides);
    return new Result(List.of(), complete);
  }

  /** The given values of one layer, code to parameter to value, keeping only those that fit. */
  private static Map<String, Map<String, Object>> layer(JsonObject rules, String base, List<ConfigError> errors) {
    Map<String, Map<String, Object>> layer = new LinkedHashMap<>();
    for (String code : rules.fieldNames()) {
      String at = Pointers.child(base, code);
      RuleSpec spec = RuleCatalogue.find(code).orElse(null);
      if (spec == null) {
        errors.add(ConfigError.of(at, "rules.unknown-rule", code));
        continue;
      }
      if (!(rules.getValue(code) instanceof JsonObject settings)) {
        errors.add(ConfigError.of(at, "rules.not-object"));
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (String name : settings.fieldNames()) {
        String valueAt = Pointers.child(at, name);
        Parameter parameter = spec.parameter(name).orElse(null);
        Object value = Values.plain(settings.getValue(name));
        if (parameter == null) {
          errors.add(ConfigError.of(valueAt, "rules.unknown-parameter", code, name));
        } else if (value == null) {
          errors.add(ConfigError.of(valueAt, "rules.null-value"));
        } else {
          parameter.kind().check(valueAt, value).ifPresentOrElse(errors::add, () -> values.put(name, value));
        }
      }
      layer.put(code, values);
    }
    return layer;
  }

  /** Every rule of the catalogue with every parameter: the given value, else the default. */
  private static Map<String, Map<String, Object>> complete(Map<String, Map<String, Object>> given) {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (RuleSpec spec : RuleCatalogue.ALL) {
      Map<String, Object> values = spec.defaults();
      values.putAll(given.getOrDefault(spec.code(), Map.of()));
      all.put(spec.code(), values);
    }
    return all;
  }

  /**
   * Low-high pairs (hrLow below hrHigh) hold with the layer applied over the global values; the
   * error points at the value the layer sets (the low one when it sets both).
   */
  private static void checkPairs(Map<String, Map<String, Object>> global, Map<String, Map<String, Object>> layer,
      String base, List<ConfigError> errors) {
    for (RuleSpec spec : RuleCatalogue.ALL) {
      Map<String, Object> own = layer.getOrDefault(spec.code(), Map.of());
      for (List<String> pair : spec.orderedPairs()) {
        String low = pair.get(0);
        String high = pair.get(1);
        Object lowValue = own.getOrDefault(low, global.get(spec.code()).get(low));
        Object highValue = own.getOrDefault(high, global.get(spec.code()).get(high));
        if (lowValue instanceof Number l && highValue instanceof Number h && l.longValue() >= h.longValue()) {
          String name = own.containsKey(low) || !own.containsKey(high) ? low : high;
          errors.add(ConfigError.of(Pointers.child(Pointers.child(base, spec.code()), name),
              "rules.low-not-below-high", low, high, l, h));
        }
      }
    }
  }

  private static JsonArray mutedWhenAway(JsonObject document, List<ConfigError> errors) {
    Object value = document.getValue(RuleDocument.MUTED_WHEN_AWAY);
    if (value == null) {
      return new JsonArray(new ArrayList<>(RuleCatalogue.DEFAULT_MUTED_WHEN_AWAY));
    }
    String at = "/" + RuleDocument.MUTED_WHEN_AWAY;
    if (!(value instanceof JsonArray codes)) {
      errors.add(ConfigError.of(at, "rules.not-array"));
      return new JsonArray();
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < codes.size(); i++) {
      Object code = codes.getValue(i);
      if (!(code instanceof String text) || RuleCatalogue.find(text).isEmpty()) {
        errors.add(ConfigError.of(Pointers.child(at, i), "rules.unknown-rule", String.valueOf(code)));
      } else if (!seen.add(text)) {
        errors.add(ConfigError.of(Pointers.child(at, i), "rules.duplicate", text));
      }
    }
    return codes.copy();
  }

  private JsonObject overrides(JsonObject document, Map<String, Map<String, Object>> global,
      List<ConfigError> errors) throws SQLException {
    String base = "/" + RuleDocument.OVERRIDES;
    JsonObject overrides = object(document, RuleDocument.OVERRIDES, "", errors);
    for (String section : overrides.fieldNames()) {
      if (!OVERRIDE_SECTIONS.contains(section)) {
        errors.add(ConfigError.of(Pointers.child(base, section), "rules.unknown-section", section));
      }
    }
    JsonObject complete = new JsonObject();
    complete.put(RuleDocument.CATEGORIES, section(overrides, RuleDocument.CATEGORIES, global, errors,
        key -> RuleCatalogue.CATEGORY_PRIORITY.contains(key) ? null : "rules.unknown-category"));
    complete.put(RuleDocument.ABILITY_LEVELS, section(overrides, RuleDocument.ABILITY_LEVELS, global, errors,
        key -> RuleCatalogue.ABILITY_LEVELS.contains(key) ? null : "rules.unknown-ability-level"));
    JsonObject elders = section(overrides, RuleDocument.ELDERS, global, errors,
        key -> ELDER_ID.matcher(key).matches() ? null : "rules.bad-elder-id");
    checkEldersExist(elders, base + "/" + RuleDocument.ELDERS, errors);
    complete.put(RuleDocument.ELDERS, elders);
    return complete;
  }

  /** One override section: each key checked by {@code keyProblem}, each value a layer of rule settings. */
  private static JsonObject section(JsonObject overrides, String name, Map<String, Map<String, Object>> global,
      List<ConfigError> errors, Function<String, String> keyProblem) {
    String base = Pointers.child("/" + RuleDocument.OVERRIDES, name);
    JsonObject section = object(overrides, name, "/" + RuleDocument.OVERRIDES, errors);
    JsonObject kept = new JsonObject();
    for (String key : section.fieldNames()) {
      String at = Pointers.child(base, key);
      String problem = keyProblem.apply(key);
      if (problem != null) {
        errors.add(ConfigError.of(at, problem, key));
        continue;
      }
      if (!(section.getValue(key) instanceof JsonObject rules)) {
        errors.add(ConfigError.of(at, "rules.not-object"));
        continue;
      }
      Map<String, Map<String, Object>> layer = layer(rules, at, errors);
      checkPairs(global, layer, at, errors);
      JsonObject keptRules = new JsonObject();
      layer.forEach((code, values) -> keptRules.put(code, Values.toJson(values)));
      kept.put(key, keptRules);
    }
    return kept;
  }

  private void checkEldersExist(JsonObject elders, String base, List<ConfigError> errors) throws SQLException {
    Set<Long> ids = new HashSet<>();
    elders.fieldNames().forEach(key -> ids.add(Long.parseLong(key)));
    if (ids.isEmpty()) {
      return;
    }
    Set<Long> existing = existingElders.existing(ids);
    elders.fieldNames().stream().sorted().forEach(key -> {
      if (!existing.contains(Long.parseLong(key))) {
        errors.add(ConfigError.of(Pointers.child(base, key), "rules.unknown-elder", key));
      }
    });
  }

  /** A member that must be an object when present; an empty object when absent or wrong. */
  private static JsonObject object(JsonObject parent, String name, String base, List<ConfigError> errors) {
    Object value = parent.getValue(name);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    errors.add(ConfigError.of(Pointers.child(base, name), "rules.not-object"));
    return new JsonObject();
  }
}
