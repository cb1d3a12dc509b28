package cn.anxin.platform.rules.meters;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.platform.rules.RuleEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds a water or electricity reading to the elder's half hours ({@link MeterUsage}), in the rule
 * step, before the rules look at it:
 *
 * <ul>
 *   <li>the interval's amount ({@code volumeL}, {@code energyWh}) goes to the half hours the interval
 *       ({@code intervalMinutes} ending at the event time) covers, in proportion to the overlap, so
 *       a late or out-of-order reading lands where it was measured;
 *   <li>the cumulative register is not differenced: it rolls over ({@code registerMaxL}) and is
 *       reset when a meter is replaced, and interval amounts are complete without it;
 *   <li>a second reading of the same device with the same interval end (a resend under a new msgId;
 *       a resend under the same msgId never reaches the rules) is not added, the first plausible one
 *       stored counts (a garbage frame followed by its corrected resend: the resend counts);
 *   <li>an amount beyond what a household connection can deliver (water 5 m³/h, electricity 28 kW,
 *       twice the usual maxima) is a garbage frame: not added, logged.
 * </ul>
 */
public final class MeterRollup {

  /** Litres per hour no household water meter passes (twice a DN15 meter's 2.5 m³/h). */
  static final double MAX_LITRES_PER_HOUR = 5_000;
  /** Watt-hours per hour no household connection draws (twice 60 A at 230 V). */
  static final double MAX_WH_PER_HOUR = 28_000;

  /** A half hour the reading added to, with its amount after the addition. */
  public record Touched(Instant bucket, double added, double after) {
    /** Whether the half hour had no use before this reading. */
    public boolean firstUse() {
      return added > 0 && after - added <= 1e-9;
    }
  }

  /**
   * What the rollup made of a reading.
   *
   * @param skipped why it was not added (duplicate interval, implausible amount), else empty
   */
  public record Recorded(MeterKind kind, Instant intervalStart, Instant intervalEnd, double amount,
      List<Touched> touched, Optional<String> skipped) {}

  private MeterRollup() {}

  /** Adds the event when it is a meter reading; empty for other events. */
  public static Optional<Recorded> record(Connection c, MeterUsage usage, RuleEvent event) throws SQLException {
    MeterKind kind;
    int minutes;
    double amount;
    if (event.body() instanceof EventBody.WaterMetered w) {
      kind = MeterKind.WATER;
      minutes = w.intervalMinutes();
      amount = w.volumeL();
    } else if (event.body() instanceof EventBody.ElectricityMetered e) {
      kind = MeterKind.ELECTRICITY;
      minutes = e.intervalMinutes();
      amount = e.energyWh();
    } else {
      return Optional.empty();
    }
    Instant end = event.eventTime();
    Instant start = end.minus(Duration.ofMinutes(minutes));
    double max = (kind == MeterKind.WATER ? MAX_LITRES_PER_HOUR : MAX_WH_PER_HOUR) * minutes / 60.0;
    if (amount > max) {
      return Optional.of(new Recorded(kind, start, end, amount, List.of(),
          Optional.of("implausible amount " + amount + " in " + minutes + " min: not added")));
    }
    if (sameIntervalStoredBefore(c, event, kind)) {
      return Optional.of(new Recorded(kind, start, end, amount, List.of(),
          Optional.of("a reading of this interval was stored before: not added")));
    }
    List<Touched> touched = new ArrayList<>();
    double total = Duration.between(start, end).toMillis();
    for (Instant bucket = MeterUsage.bucketOf(start); bucket.isBefore(end); bucket = bucket.plus(MeterUsage.BUCKET)) {
      Instant from = bucket.isBefore(start) ? start : bucket;
      Instant bucketEnd = bucket.plus(MeterUsage.BUCKET);
      Instant to = bucketEnd.isAfter(end) ? end : bucketEnd;
      double share = amount * Duration.between(from, to).toMillis() / total;
      touched.add(new Touched(bucket, share, usage.add(c, event.elderId(), kind, bucket, share)));
    }
    return Optional.of(new Recorded(kind, start, end, amount, touched, Optional.empty()));
  }

  /** Whether a plausible reading of the same interval end came first (a garbage frame does not count). */
  private static boolean sameIntervalStoredBefore(Connection c, RuleEvent event, MeterKind kind) throws SQLException {
    String field = kind == MeterKind.WATER ? "volumeL" : "energyWh";
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM device_event WHERE device_id = ? AND kind = ?"
        + " AND event_time = ? AND id < ?"
        + " AND (payload ->> '" + field + "')::float8 <= ? * (payload ->> 'intervalMinutes')::float8 / 60 LIMIT 1")) {
      s.setString(1, event.deviceId());
      s.setString(2, event.kind().name());
      s.setTimestamp(3, Timestamp.from(event.eventTime()));
      s.setLong(4, event.eventId());
      s.setDouble(5, kind == MeterKind.WATER ? MAX_LITRES_PER_HOUR : MAX_WH_PER_HOUR);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
