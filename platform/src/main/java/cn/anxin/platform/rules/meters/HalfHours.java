package cn.anxin.platform.rules.meters;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;

/** The half hours of water and electricity as a rule reads them, in the transaction at hand. */
public final class HalfHours {

  private final Connection c;
  private final MeterUsage usage;

  public HalfHours(Connection c, MeterUsage usage) {
    this.c = c;
    this.usage = usage;
  }

  /** The elder's half hours of a kind with a start in [from, to). */
  public NavigableMap<Instant, Double> buckets(long elderId, MeterKind kind, Instant from, Instant to)
      throws SQLException {
    return usage.buckets(c, elderId, kind, from, to);
  }

  /** The elder's baseline of a kind for a day. */
  public MeterBaseline baseline(long elderId, MeterKind kind, LocalDate day) throws SQLException {
    return usage.baseline(c, elderId, kind, day);
  }
}
