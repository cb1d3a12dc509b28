package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The rule catalogue as the API answers it. */
final class CatalogueJson {

  private CatalogueJson() {}

  static JsonObject of() {
    JsonArray rules = new JsonArray();
    for (RuleSpec spec : RuleCatalogue.ALL) {
      JsonArray parameters = new JsonArray();
      for (Parameter p : spec.parameters().values()) {
        JsonObject parameter = new JsonObject().put("name", p.name()).put("kind", p.kind().name())
            .put("default", p.defaultValue() instanceof List<?> l ? new JsonArray(List.copyOf(l)) : p.defaultValue());
        for (List<String> pair : spec.orderedPairs()) {
          if (pair.get(0).equals(p.name())) {
            parameter.put("orderedBelow", pair.get(1));
          }
        }
        parameters.add(parameter);
      }
      rules.add(new JsonObject().put("code", spec.code()).put("number", spec.number())
          .put("built", spec.built()).put("parameters", parameters));
    }
    return new JsonObject()
        .put("rules", rules)
        .put("categories", new JsonArray(RuleCatalogue.CATEGORY_PRIORITY))
        .put("abilityLevels", new JsonArray(RuleCatalogue.ABILITY_LEVELS))
        .put("defaultMutedWhenAway", new JsonArray(RuleCatalogue.DEFAULT_MUTED_WHEN_AWAY));
  }
}
