package cn.anxin.platform.rules.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule's effective settings for one elder: the global values with the elder's overrides
 * applied. Every parameter of the rule's catalogue entry has a value.
 */
public record RuleSettings(String code, Map<String, Object> values) {

  public RuleSettings {
    Objects.requireNonNull(code, "code");
    values = Map.copyOf(values);
  }

  public boolean enabled() {
    return (Boolean) value(RuleSpec.ENABLED);
  }

  /** The rule's own severity. */
  public String severity() {
    return severity(RuleSpec.SEVERITY);
  }

  /** A severity parameter, e.g. {@code highRiskSeverity}. */
  public String severity(String name) {
    return (String) value(name);
  }

  /** A duration parameter (seconds, minutes or hours, as the catalogue declares it). */
  public Duration duration(String name) {
    ParameterKind kind = RuleCatalogue.get(code).parameter(name)
        .orElseThrow(() -> new IllegalArgumentException(code + " has no parameter " + name)).kind();
    return kind.duration(value(name));
  }

  public int integer(String name) {
    return ((Number) value(name)).intValue();
  }

  /** A list of zone names. */
  public List<String> zones(String name) {
    return ((List<?>) value(name)).stream().map(String::valueOf).toList();
  }

  private Object value(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(code + " has no parameter " + name);
    }
    return value;
  }
}
