package cn.anxin.platform.rules.config;

import java.util.List;

/**
 * One reason a rule configuration document is refused: a JSON Pointer into the document, a message
 * key of the {@code rules} bundle, and its arguments.
 */
public record ConfigError(String pointer, String code, List<Object> args) {

  public ConfigError {
    args = List.copyOf(args);
  }

  public static ConfigError of(String pointer, String code, Object... args) {
    return new ConfigError(pointer, code, List.of(args));
  }
}
