package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The shape of a rule configuration document (docs/rules.md):
 * <pre>
 * { "rules":         { CODE: { "enabled": true, "severity": "P1", threshold: value, ... }, ... },
 *   "mutedWhenAway": [ CODE, ... ],
 *   "overrides": { "categories":    { CATEGORY: { CODE: { parameter: value } } },
 *                  "abilityLevels": { LEVEL:    { CODE: { parameter: value } } },
 *                  "elders":        { "elderId": { CODE: { parameter: value } } } } }
 * </pre>
 * A stored version is complete: every rule of the catalogue with every parameter under
 * {@code rules}, so each version says on its own what was in force.
 */
public final class RuleDocument {

  public static final String RULES = "rules";
  public static final String MUTED_WHEN_AWAY = "mutedWhenAway";
  public static final String OVERRIDES = "overrides";
  public static final String CATEGORIES = "categories";
  public static final String ABILITY_LEVELS = "abilityLevels";
  public static final String ELDERS = "elders";

  private RuleDocument() {}

  /** Version 1: the domain handbook's defaults, and dementia raising wandering and night bed exit to P1. */
  public static JsonObject defaults() {
    JsonObject rules = new JsonObject();
    for (RuleSpec spec : RuleCatalogue.ALL) {
      rules.put(spec.code(), Values.toJson(spec.defaults()));
    }
    JsonObject dementia = new JsonObject()
        .put("NIGHT_BED_EXIT", new JsonObject().put(RuleSpec.SEVERITY, "P1"))
        .put("WANDERING", new JsonObject().put(RuleSpec.SEVERITY, "P1"));
    return new JsonObject()
        .put(RULES, rules)
        .put(MUTED_WHEN_AWAY, new JsonArray(RuleCatalogue.DEFAULT_MUTED_WHEN_AWAY))
        .put(OVERRIDES, new JsonObject()
            .put(CATEGORIES, new JsonObject().put("DEMENTIA", dementia))
            .put(ABILITY_LEVELS, new JsonObject())
            .put(ELDERS, new JsonObject()));
  }
}
