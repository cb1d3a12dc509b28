package cn.anxin.platform.store.series;

import java.util.List;

/** The typed reading tables and the hourly metrics rolled up from each. */
final class SeriesTables {

  /** A metric of the hourly rollup: its name and the value expression over its table's row (NULL: none). */
  record Metric(String name, String value) {}

  /** A reading table and its metrics. */
  record Table(String name, List<Metric> metrics) {

    /** The continuous aggregate of this table on TimescaleDB. */
    String hourly() {
      return name + "_hourly";
    }
  }

  static final List<Table> ALL = List.of(
      new Table("reading_vitals", List.of(
          new Metric("heart_rate", "heart_rate::float8"),
          new Metric("breathing_rate", "breathing_rate::float8"))),
      new Table("reading_presence", List.of(
          new Metric("present", "CASE WHEN kind = 'PRESENCE' THEN (CASE WHEN present THEN 1.0::float8 ELSE 0.0::float8 END) END"),
          new Metric("dwell_seconds", "CASE WHEN kind = 'DWELL' THEN dwell_seconds::float8 END"),
          new Metric("bed_in",
              "CASE WHEN kind = 'BED_STATE' THEN (CASE WHEN bed_state = 'IN' THEN 1.0::float8 ELSE 0.0::float8 END) END"))),
      new Table("reading_water", List.of(new Metric("water_l", "volume_l"))),
      new Table("reading_electricity", List.of(new Metric("energy_wh", "energy_wh"))),
      new Table("reading_location", List.of(new Metric("accuracy_m", "accuracy_m"))),
      new Table("reading_meal_swipe", List.of(new Metric("meal_paid_fen", "paid_fen::float8"))),
      new Table("reading_heartbeat", List.of(new Metric("battery", "battery::float8"))));

  private SeriesTables() {}
}
