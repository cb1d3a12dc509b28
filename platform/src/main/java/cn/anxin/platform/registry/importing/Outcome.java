package cn.anxin.platform.registry.importing;

/** What an {@link ImportTarget#upsert upsert} did with one row. */
public enum Outcome {
  /** No record had the row's identity; one was inserted. */
  CREATED,
  /** A record had the row's identity and at least one of its values changed. */
  UPDATED,
  /** A record had the row's identity and already held exactly the row's values. */
  UNCHANGED
}
