package cn.anxin.gateway.mqtt;

import java.util.Map;

/** Whole numbers from the environment, with a clear error for a bad one. */
final class EnvInts {

  private EnvInts() {}

  static int get(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
    }
  }
}
