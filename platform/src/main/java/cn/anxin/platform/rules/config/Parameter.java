package cn.anxin.platform.rules.config;

import java.util.Objects;

/** One configurable value of a rule: its name in the document, its kind and its default. */
public record Parameter(String name, ParameterKind kind, Object defaultValue) {

  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(defaultValue, "defaultValue");
    if (kind.check("/", defaultValue).isPresent()) {
      throw new IllegalArgumentException("default of " + name + " does not fit " + kind);
    }
  }
}
