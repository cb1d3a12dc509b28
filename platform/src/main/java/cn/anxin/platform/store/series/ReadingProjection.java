package cn.anxin.platform.store.series;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies journal rows into the typed reading tables, inside the transaction that processes them,
 * with the elder and site their device is bound to at that moment; on the native layout it also
 * adds them to the hourly rollups. One statement per batch of journal rows (data-modifying CTEs),
 * whatever its mix of kinds. Rows of other kinds (falls, SOS, commands, connectivity) are left
 * to the journal.
 *
 * <p>A projection that fails never holds up event processing: the batch is retried row by row
 * under savepoints and a row that still fails is logged and left out of the typed tables (the
 * journal keeps it).
 */
public final class ReadingProjection {

  private static final Logger LOG = LoggerFactory.getLogger(ReadingProjection.class);

  /** The journal kinds that have a reading table. */
  public static final List<String> KINDS = List.of("VITALS", "PRESENCE", "DWELL", "BED_STATE",
      "WATER_READING", "ELECTRICITY_READING", "LOCATION", "MEAL_SWIPE", "HEARTBEAT");

  private static final String COMMON = "event_time, event_id, device_id, elder_id, site_id";
  private static final String FROM_BATCH = " SELECT event_time, id, device_id, elder_id, site_id, ";

  private static final String TYPED =
      "WITH b AS ("
          + " SELECT e.id, e.kind, e.event_time, e.device_id, d.elder_id, d.site_id, e.payload AS p"
          + " FROM device_event e LEFT JOIN device d ON d.id = e.device_id"
          + " WHERE e.id = ANY(?) AND e.kind IN ('" + String.join("', '", KINDS) + "')),"
          + " v AS (INSERT INTO reading_vitals (" + COMMON + ", heart_rate, breathing_rate, in_bed)"
          + FROM_BATCH + "(p->>'heartRate')::int, (p->>'breathingRate')::int, (p->>'inBed')::boolean"
          + " FROM b WHERE kind = 'VITALS'"
          + " RETURNING event_time, device_id, elder_id, site_id, heart_rate, breathing_rate),"
          + " pr AS (INSERT INTO reading_presence (" + COMMON
          + ", kind, present, targets, dwell_seconds, zone, bed_state)"
          + FROM_BATCH + "kind, (p->>'present')::boolean, (p->>'targets')::int, (p->>'seconds')::int,"
          + " p->>'zone', upper(p->>'state')"
          + " FROM b WHERE kind IN ('PRESENCE', 'DWELL', 'BED_STATE')"
          + " RETURNING event_time, device_id, elder_id, site_id, kind, present, dwell_seconds, bed_state),"
          + " w AS (INSERT INTO reading_water (" + COMMON + ", interval_minutes, volume_l, register_l)"
          + FROM_BATCH + "(p->>'intervalMinutes')::int, (p->>'volumeL')::float8, (p->>'registerL')::float8"
          + " FROM b WHERE kind = 'WATER_READING'"
          + " RETURNING event_time, device_id, elder_id, site_id, volume_l),"
          + " el AS (INSERT INTO reading_electricity (" + COMMON + ", interval_minutes, energy_wh, register_wh)"
          + FROM_BATCH + "(p->>'intervalMinutes')::int, (p->>'energyWh')::float8, (p->>'registerWh')::float8"
          + " FROM b WHERE kind = 'ELECTRICITY_READING'"
          + " RETURNING event_time, device_id, elder_id, site_id, energy_wh),"
          + " lo AS (INSERT INTO reading_location (" + COMMON + ", lat, lon, accuracy_m, fix)"
          + FROM_BATCH + "(p->>'lat')::float8, (p->>'lon')::float8, (p->>'accuracyM')::float8, upper(p->>'fix')"
          + " FROM b WHERE kind = 'LOCATION'"
          + " RETURNING event_time, device_id, elder_id, site_id, accuracy_m),"
          + " ms AS (INSERT INTO reading_meal_swipe (" + COMMON
          + ", credential_type, meal_type, price_fen, subsidy_fen, paid_fen, terminal, station)"
          + FROM_BATCH + "upper(p->'credential'->>'type'), upper(p->>'mealType'), (p->>'priceFen')::int,"
          + " (p->>'subsidyFen')::int, (p->>'paidFen')::int, p->>'terminal', p->>'station'"
          + " FROM b WHERE kind = 'MEAL_SWIPE'"
          + " RETURNING event_time, device_id, elder_id, site_id, paid_fen),"
          + " hb AS (INSERT INTO reading_heartbeat (" + COMMON + ", battery, firmware)"
          + FROM_BATCH + "(p->>'battery')::int, p->>'firmware'"
          + " FROM b WHERE kind = 'HEARTBEAT'"
          + " RETURNING event_time, device_id, elder_id, site_id, battery)";

  /** Native layout: the hourly rollups, insert or add, from what the CTEs above inserted. */
  private static final String ROLLUP =
      ", m (at, device_id, elder_id, site_id, metric, value) AS ("
          + " SELECT event_time, device_id, elder_id, site_id, 'heart_rate', heart_rate::float8"
          + " FROM v WHERE heart_rate IS NOT NULL"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'breathing_rate', breathing_rate::float8"
          + " FROM v WHERE breathing_rate IS NOT NULL"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'present',"
          + " CASE WHEN present THEN 1.0 ELSE 0.0 END FROM pr WHERE kind = 'PRESENCE'"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'dwell_seconds', dwell_seconds::float8"
          + " FROM pr WHERE kind = 'DWELL'"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'bed_in',"
          + " CASE WHEN bed_state = 'IN' THEN 1.0 ELSE 0.0 END FROM pr WHERE kind = 'BED_STATE'"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'water_l', volume_l FROM w"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'energy_wh', energy_wh FROM el"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'accuracy_m', accuracy_m FROM lo"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'meal_paid_fen', paid_fen::float8 FROM ms"
          + " UNION ALL SELECT event_time, device_id, elder_id, site_id, 'battery', battery::float8"
          + " FROM hb WHERE battery IS NOT NULL)"
          + " INSERT INTO reading_rollup_hourly AS r"
          + " (bucket, device_id, metric, elder_id, site_id, samples, sum_value, min_value, max_value)"
          + " SELECT date_bin('1 hour', at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), device_id, metric,"
          + " max(elder_id), max(site_id), count(*), sum(value), min(value), max(value)"
          + " FROM m GROUP BY 1, 2, 3"
          + " ON CONFLICT (device_id, metric, bucket) DO UPDATE SET"
          + " samples = r.samples + EXCLUDED.samples, sum_value = r.sum_value + EXCLUDED.sum_value,"
          + " min_value = LEAST(r.min_value, EXCLUDED.min_value),"
          + " max_value = GREATEST(r.max_value, EXCLUDED.max_value),"
          + " elder_id = COALESCE(EXCLUDED.elder_id, r.elder_id), site_id = COALESCE(EXCLUDED.site_id, r.site_id)";

  /** TimescaleDB: continuous aggregates roll up; the statement only needs a primary query. */
  private static final String NO_ROLLUP = " SELECT 1";

  private final String sql;

  public ReadingProjection(SeriesLayout layout) {
    Objects.requireNonNull(layout, "layout");
    this.sql = TYPED + (layout == SeriesLayout.NATIVE ? ROLLUP : NO_ROLLUP);
  }

  /** Projects these journal rows (any kinds; those without a reading table are skipped). */
  public void project(Connection c, List<Long> eventIds) throws SQLException {
    if (eventIds.isEmpty()) {
      return;
    }
    Savepoint before = c.setSavepoint();
    try {
      run(c, eventIds);
      c.releaseSavepoint(before);
      return;
    } catch (SQLException e) {
      c.rollback(before);
      LOG.error("readings of {} journal rows could not be stored together ({}); trying one by one",
          eventIds.size(), e.toString());
    }
    for (long id : eventIds) {
      Savepoint one = c.setSavepoint();
      try {
        run(c, List.of(id));
        c.releaseSavepoint(one);
      } catch (SQLException e) {
        c.rollback(one);
        LOG.error("the reading of journal row {} is not stored in the time-series tables: {}", id, e.toString());
      }
    }
  }

  private void run(Connection c, List<Long> eventIds) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("int8", eventIds.toArray(Long[]::new)));
      s.execute();
    }
  }
}
