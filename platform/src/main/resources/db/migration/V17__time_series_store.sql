-- The time-series store: one table per kind of reading, filled by the platform from the device
-- event journal in the transaction that processes each event (ingest/JournalConsumer ->
-- store/series/ReadingProjection), with the elder and site the device was bound to then.
--
-- Two layouts with the same table and view names, chosen here once:
--   TIMESCALE  the timescaledb extension is available and can be created: plain tables turned
--              into hypertables; continuous aggregates, compression and retention policies are
--              applied at start-up by store/series/TimescaleLayout.
--   NATIVE     otherwise: tables range-partitioned by event_time (monthly partitions created ahead
--              and dropped when expired by store/series/SeriesMaintenance, plus a DEFAULT
--              partition for rows outside them), BRIN on event_time, and an hourly rollup table
--              kept up to date in the processing transaction.
-- Readers use the view names only, and date_bin rather than time_bucket, so every query runs on both.

CREATE TABLE series_layout (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  layout      text NOT NULL CHECK (layout IN ('NATIVE', 'TIMESCALE')),
  chosen_at   timestamptz NOT NULL DEFAULT now()
);

DO $series$
DECLARE
  timescale boolean := false;
  tail text;
  t text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS timescaledb;
      timescale := true;
    EXCEPTION WHEN OTHERS THEN
      -- Installed but not loaded (shared_preload_libraries), or not allowed: the native layout.
      RAISE NOTICE 'timescaledb is available but could not be created (%); native partitioning', SQLERRM;
    END;
  END IF;
  tail := CASE WHEN timescale THEN '' ELSE ' PARTITION BY RANGE (event_time)' END;

  -- Common columns: when (the event's effective time), which journal row, which device, and the
  -- elder and site the device was bound to when the event was processed (NULL when unbound).
  EXECUTE 'CREATE TABLE reading_vitals (
      event_time      timestamptz NOT NULL,
      event_id        bigint NOT NULL,
      device_id       text NOT NULL,
      elder_id        bigint,
      site_id         bigint,
      heart_rate      integer,
      breathing_rate  integer,
      in_bed          boolean)' || tail;
  -- Radar presence, dwell ("static residence") and bed state changes, one row per report.
  EXECUTE 'CREATE TABLE reading_presence (
      event_time      timestamptz NOT NULL,
      event_id        bigint NOT NULL,
      device_id       text NOT NULL,
      elder_id        bigint,
      site_id         bigint,
      kind            text NOT NULL CHECK (kind IN (''PRESENCE'', ''DWELL'', ''BED_STATE'')),
      present         boolean,
      targets         integer,
      dwell_seconds   integer,
      zone            text,
      bed_state       text CHECK (bed_state IN (''IN'', ''OUT'')))' || tail;
  EXECUTE 'CREATE TABLE reading_water (
      event_time        timestamptz NOT NULL,
      event_id          bigint NOT NULL,
      device_id         text NOT NULL,
      elder_id          bigint,
      site_id           bigint,
      interval_minutes  integer NOT NULL,
      volume_l          double precision NOT NULL,
      register_l        double precision NOT NULL)' || tail;
  EXECUTE 'CREATE TABLE reading_electricity (
      event_time        timestamptz NOT NULL,
      event_id          bigint NOT NULL,
      device_id         text NOT NULL,
      elder_id          bigint,
      site_id           bigint,
      interval_minutes  integer NOT NULL,
      energy_wh         double precision NOT NULL,
      register_wh       double precision NOT NULL)' || tail;
  EXECUTE 'CREATE TABLE reading_location (
      event_time   timestamptz NOT NULL,
      event_id     bigint NOT NULL,
      device_id    text NOT NULL,
      elder_id     bigint,
      site_id      bigint,
      lat          double precision NOT NULL,
      lon          double precision NOT NULL,
      accuracy_m   double precision NOT NULL,
      fix          text NOT NULL)' || tail;
  -- Raw meal swipes as the reader sent them. The credential's id is not copied here (it stays in
  -- the journal); which elder ate is the meal service's business, so elder_id is the reader's
  -- binding (usually NULL: readers belong to a site).
  EXECUTE 'CREATE TABLE reading_meal_swipe (
      event_time       timestamptz NOT NULL,
      event_id         bigint NOT NULL,
      device_id        text NOT NULL,
      elder_id         bigint,
      site_id          bigint,
      credential_type  text NOT NULL,
      meal_type        text NOT NULL,
      price_fen        integer NOT NULL,
      subsidy_fen      integer NOT NULL,
      paid_fen         integer NOT NULL,
      terminal         text NOT NULL,
      station          text)' || tail;
  EXECUTE 'CREATE TABLE reading_heartbeat (
      event_time   timestamptz NOT NULL,
      event_id     bigint NOT NULL,
      device_id    text NOT NULL,
      elder_id     bigint,
      site_id      bigint,
      battery      integer,
      firmware     text)' || tail;

  FOREACH t IN ARRAY ARRAY['reading_vitals', 'reading_presence', 'reading_water', 'reading_electricity',
                           'reading_location', 'reading_meal_swipe', 'reading_heartbeat'] LOOP
    IF timescale THEN
      EXECUTE format('SELECT create_hypertable(%L, %L, chunk_time_interval => INTERVAL ''7 days'')',
                     t, 'event_time');
    ELSE
      EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', t || '_default', t);
      EXECUTE format('CREATE INDEX %I ON %I USING brin (event_time)', t || '_time_brin', t);
    END IF;
    -- An elder's or a device's readings over a time range (dashboards, the family page).
    EXECUTE format('CREATE INDEX %I ON %I (elder_id, event_time)', t || '_elder_time', t);
    EXECUTE format('CREATE INDEX %I ON %I (device_id, event_time)', t || '_device_time', t);
  END LOOP;

  INSERT INTO series_layout (layout) VALUES (CASE WHEN timescale THEN 'TIMESCALE' ELSE 'NATIVE' END);
END
$series$;

-- NATIVE: hourly rollups per device and metric, maintained by the platform in the processing
-- transaction (insert or add). Metrics: heart_rate, breathing_rate (bpm, per minute), present
-- (1/0 per presence report), dwell_seconds, bed_in (1 in, 0 out), water_l, energy_wh, accuracy_m
-- (one per location fix), meal_paid_fen (one per swipe), battery (per heartbeat that reports it).
-- Unused on TIMESCALE, where continuous aggregates do this.
CREATE TABLE reading_rollup_hourly (
  bucket      timestamptz NOT NULL,
  device_id   text NOT NULL,
  metric      text NOT NULL,
  elder_id    bigint,
  site_id     bigint,
  samples     bigint NOT NULL,
  sum_value   double precision NOT NULL,
  min_value   double precision NOT NULL,
  max_value   double precision NOT NULL,
  PRIMARY KEY (device_id, metric, bucket)
);
CREATE INDEX reading_rollup_hourly_elder ON reading_rollup_hourly (elder_id, bucket);
CREATE INDEX reading_rollup_hourly_bucket ON reading_rollup_hourly USING brin (bucket);

-- The dashboards' hourly view. On TIMESCALE, TimescaleLayout replaces it with the same columns
-- over the continuous aggregates.
CREATE VIEW reading_hourly AS
SELECT bucket, elder_id, site_id, device_id, metric, samples,
       min_value, sum_value / samples AS avg_value, max_value, sum_value
  FROM reading_rollup_hourly;

-- Every reading of an elder in one shape, for timelines (the family page, the console): kind is
-- the journal's event kind, value the reading's main figure, detail its typed fields.
CREATE VIEW elder_reading AS
SELECT event_time, event_id, elder_id, site_id, device_id, 'VITALS'::text AS kind,
       coalesce(heart_rate, breathing_rate)::double precision AS value,
       jsonb_strip_nulls(jsonb_build_object('heartRate', heart_rate, 'breathingRate', breathing_rate,
                                            'inBed', in_bed)) AS detail
  FROM reading_vitals
UNION ALL
SELECT event_time, event_id, elder_id, site_id, device_id, kind,
       CASE kind WHEN 'PRESENCE' THEN (CASE WHEN present THEN 1 ELSE 0 END)
                 WHEN 'DWELL' THEN dwell_seconds
                 ELSE (CASE WHEN bed_state = 'IN' THEN 1 ELSE 0 END) END::double precision,
       jsonb_strip_nulls(jsonb_build_object('present', present, 'targets', targets,
                                            'seconds', dwell_seconds, 'zone', zone, 'state', bed_state))
  FROM reading_presence
UNION ALL
SELECT event_time, event_id, elder_id, site_id, device_id, 'WATER_READING', volume_l,
       jsonb_build_object('intervalMinutes', interval_minutes, 'volumeL', volume_l, 'registerL', register_l)
  FROM reading_water
UNION ALL
SELECT event_time, event_id, elder_id, site_id, device_id, 'ELECTRICITY_READING', energy_wh,
       jsonb_build_object('intervalMinutes', interval_minutes, 'energyWh', energy_wh, 'registerWh', register_wh)
  FROM reading_electricity
UNION ALL
SELECT event_time, event_id, elder_id, site_id, device_id, 'LOCATION', accuracy_m,
       jsonb_build_object('lat', lat, 'lon', lon, 'accuracyM', accuracy_m, 'fix', fix)
  FROM reading_location
UNION ALL
SELECT event_time, event_id, elder_id, site_id, device_id, 'HEARTBEAT', battery::double precision,
       jsonb_strip_nulls(jsonb_build_object('battery', battery, 'firmware', firmware))
  FROM reading_heartbeat;
