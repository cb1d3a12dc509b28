package cn.anxin.platform.registry.importing;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Who runs an import and when, handed unchanged to every {@link ImportTarget#upsert upsert} of
 * that import (for audit columns, say).
 *
 * @param actor who asked for the import, e.g. an operator's login; recorded, never interpreted
 * @param startedAt one instant for the whole import, so that every row gets the same timestamp
 * @param options target-specific settings chosen by the caller, e.g. a default district code;
 *     the engine never reads them
 */
public record ImportContext(String actor, Instant startedAt, Map<String, String> options) {

  public ImportContext {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(startedAt, "startedAt");
    options = Map.copyOf(options);
  }

  /** An import by {@code actor} starting now, without options. */
  public static ImportContext by(String actor) {
    return new ImportContext(actor, Instant.now(), Map.of());
  }

  /** The option's value, or null when the caller did not set it. */
  public String option(String name) {
    return options.get(name);
  }
}
