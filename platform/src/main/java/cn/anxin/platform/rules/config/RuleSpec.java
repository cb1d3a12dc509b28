package cn.anxin.platform.rules.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule of the catalogue as the configuration knows it: its code, its number in the domain
 * handbook's catalogue, whether the platform evaluates it yet, and its parameters ({@code enabled}
 * and {@code severity} first, then its thresholds). {@code orderedPairs} name parameters that must
 * stay strictly ordered, low below high.
 */
public record RuleSpec(String code, int number, boolean built, Map<String, Parameter> parameters,
    List<List<String>> orderedPairs) {

  public static final String ENABLED = "enabled";
  public static final String SEVERITY = "severity";

  public RuleSpec {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    orderedPairs = List.copyOf(orderedPairs);
  }

  public Optional<Parameter> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /** This rule's defaults, as the document's {@code rules} entry holds them. */
  public Map<String, Object> defaults() {
    Map<String, Object> values = new LinkedHashMap<>();
    parameters.forEach((name, p) -> values.put(name, p.defaultValue()));
    return values;
  }
}
