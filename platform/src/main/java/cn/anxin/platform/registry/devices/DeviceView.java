package cn.anxin.platform.registry.devices;

import java.time.Instant;

/**
 * A registered device as the API shows it: identity, health as last heard, and its current binding.
 * Never its secret, nor the secret's hash.
 */
public record DeviceView(
    String id,
    String kind,
    String model,
    boolean enabled,
    boolean online,
    Instant lastSeenAt,
    Instant connectivityChangedAt,
    String offlineReason,
    Integer battery,
    String firmware,
    Instant createdAt,
    Instant secretIssuedAt,
    Bound binding) {

  /**
   * Whom and where a device serves (or served): the names of an elder or site outside the reader's
   * scope are withheld (null), their ids kept.
   */
  public record Bound(Long elderId, String elderName, Long siteId, String siteName, String room,
      Instant fromAt, Instant toAt) {}

  /** One row of a device's binding history, with who made it. */
  public record HistoryEntry(long id, Bound binding, Long boundById, String boundByName) {}
}
