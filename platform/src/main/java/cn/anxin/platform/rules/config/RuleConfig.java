package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A version of the rule configuration, ready to answer "what are rule X's settings for this
 * elder". Precedence, lowest to highest: global values, the elder's categories (in the order of
 * {@link RuleCatalogue#CATEGORY_PRIORITY}, the first wins), the elder's ability level (latest
 * assessment), the elder's own overrides. Reading a stored document is lenient: a value that does
 * not fit its parameter (a document older than the catalogue) is ignored and logged, so a stored
 * version can always be applied.
 */
public final class RuleConfig {

  private static final Logger LOG = LoggerFactory.getLogger(RuleConfig.class);

  private final int version;
  private final Map<String, Map<String, Object>> global;
  private final Map<String, Map<String, Map<String, Object>>> categories;
  private final Map<String, Map<String, Map<String, Object>>> abilityLevels;
  private final Map<Long, Map<String, Map<String, Object>>> elders;
  private final Set<String> mutedWhenAway;

  private RuleConfig(int version, Map<String, Map<String, Object>> global,
      Map<String, Map<String, Map<String, Object>>> categories,
      Map<String, Map<String, Map<String, Object>>> abilityLevels,
      Map<Long, Map<String, Map<String, Object>>> elders, Set<String> mutedWhenAway) {
    this.version = version;
    this.global = global;
    this.categories = categories;
    this.abilityLevels = abilityLevels;
    this.elders = elders;
    this.mutedWhenAway = mutedWhenAway;
  }

  /** The configuration of a stored document. */
  public static RuleConfig of(int version, JsonObject document) {
    JsonObject rules = object(document, RuleDocument.RULES);
    Map<String, Map<String, Object>> global = new LinkedHashMap<>();
    for (RuleSpec spec : RuleCatalogue.ALL) {
      Map<String, Object> values = spec.defaults();
      values.putAll(fitting(version, spec, object(rules, spec.code())));
      global.put(spec.code(), values);
    }
    JsonObject overrides = object(document, RuleDocument.OVERRIDES);
    Map<Long, Map<String, Map<String, Object>>> elders = new HashMap<>();
    layers(version, object(overrides, RuleDocument.ELDERS)).forEach((key, layer) -> {
      try {
        elders.put(Long.parseLong(key), layer);
      } catch (NumberFormatException e) {
        LOG.warn("rule configuration {}: elder override {} ignored", version, key);
      }
    });
    JsonArray muted = document.getJsonArray(RuleDocument.MUTED_WHEN_AWAY,
        new JsonArray(RuleCatalogue.DEFAULT_MUTED_WHEN_AWAY));
    return new RuleConfig(version, global,
        layers(version, object(overrides, RuleDocument.CATEGORIES)),
        layers(version, object(overrides, RuleDocument.ABILITY_LEVELS)),
        elders,
        Set.copyOf(muted.stream().map(String::valueOf).toList()));
  }

  /** The built-in defaults, as version 0: what applies before any version could be read. */
  public static RuleConfig defaults() {
    return of(0, RuleDocument.defaults());
  }

  public int version() {
    return version;
  }

  /** Whether AWAY or HOSPITAL mutes this rule. */
  public boolean mutedWhenAway(String code) {
    return mutedWhenAway.contains(code);
  }

  /** The rule's settings for an elder, overrides applied in order of precedence. */
  public RuleSettings settings(String code, long elderId, Collection<String> elderCategories,
      Optional<String> abilityLevel) {
    RuleSpec spec = RuleCatalogue.get(code);
    Map<String, Object> values = new LinkedHashMap<>(global.get(code));
    List<String> byPriority = RuleCatalogue.CATEGORY_PRIORITY;
    for (int i = byPriority.size() - 1; i >= 0; i--) {
      if (elderCategories.contains(byPriority.get(i))) {
        apply(values, categories.get(byPriority.get(i)), code);
      }
    }
    abilityLevel.ifPresent(level -> apply(values, abilityLevels.get(level), code));
    apply(values, elders.get(elderId), code);
    keepPairsOrdered(spec, values, elderId);
    return new RuleSettings(code, values);
  }

  private static void apply(Map<String, Object> values, Map<String, Map<String, Object>> layer, String code) {
    if (layer != null && layer.containsKey(code)) {
      values.putAll(layer.get(code));
    }
  }

  /** Overrides from different layers can cross a pair (hrLow above hrHigh); the global pair then applies. */
  private void keepPairsOrdered(RuleSpec spec, Map<String, Object> values, long elderId) {
    for (List<String> pair : spec.orderedPairs()) {
      if (((Number) values.get(pair.get(0))).longValue() >= ((Number) values.get(pair.get(1))).longValue()) {
        LOG.warn("rule configuration {}: overrides of elder {} cross {}/{}; the global values apply",
            version, elderId, pair.get(0), pair.get(1));
        values.put(pair.get(0), global.get(spec.code()).get(pair.get(0)));
        values.put(pair.get(1), global.get(spec.code()).get(pair.get(1)));
      }
    }
  }

  private static Map<String, Map<String, Map<String, Object>>> layers(int version, JsonObject section) {
    Map<String, Map<String, Map<String, Object>>> layers = new HashMap<>();
    for (String key : section.fieldNames()) {
      JsonObject rules = object(section, key);
      Map<String, Map<String, Object>> layer = new HashMap<>();
      for (String code : rules.fieldNames()) {
        RuleCatalogue.find(code).ifPresentOrElse(
            spec -> layer.put(code, fitting(version, spec, object(rules, code))),
            () -> LOG.warn("rule configuration {}: override of unknown rule {} ignored", version, code));
      }
      layers.put(key, layer);
    }
    return layers;
  }

  private static Map<String, Object> fitting(int version, RuleSpec spec, JsonObject given) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : given.fieldNames()) {
      Object value = Values.plain(given.getValue(name));
      Optional<Parameter> parameter = spec.parameter(name);
      if (parameter.isPresent() && value != null && parameter.get().kind().check("", value).isEmpty()) {
        values.put(name, value);
      } else {
        LOG.warn("rule configuration {}: {}.{} = {} ignored", version, spec.code(), name, value);
      }
    }
    return values;
  }

  private static JsonObject object(JsonObject parent, String name) {
    return parent.getValue(name) instanceof JsonObject o ? o : new JsonObject();
  }
}
