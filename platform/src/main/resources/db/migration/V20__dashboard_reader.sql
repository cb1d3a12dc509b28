-- What a dashboard reader (Grafana's database role) may read: the supervision views and, column by
-- column, the few facts of base tables the dashboards need; never a name, phone, address, geo
-- point, ID number, free text, payload or secret. Grafana's queries bypass the platform's access
-- audit, so this allow-list is what keeps personal data out of it. Applied here to the role named by
-- anxin_dashboard_reader_role() when that role exists (docker-compose creates it first); an operator
-- who creates the role later runs
--   SELECT anxin_grant_dashboard_reader('grafana_reader');
-- A later migration that gives dashboards a new view replaces the function and applies it again.
-- DashboardSqlTest runs every panel as such a role, so a panel that needs more fails the build.

-- Sites as dashboards may name them: a home is named by its county, never by its elder.
CREATE VIEW dashboard_site AS
SELECT id, kind, active, area_code, left(area_code, 6) AS county_code,
       CASE WHEN kind = 'HOME' THEN '居家（' || coalesce(left(area_code, 6), '—') || '）' ELSE name END AS name
FROM site;
COMMENT ON VIEW dashboard_site IS 'Sites for dashboards: homes named by county, not by the elder living there';

-- The service circle reads elders' geo points; the view's readers get the counts, not the points.
ALTER FUNCTION service_circle(double precision) SECURITY DEFINER SET search_path = public;

CREATE OR REPLACE FUNCTION anxin_grant_dashboard_reader(reader name) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v text;
BEGIN
  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', reader);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM %I', reader);
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', reader);
  FOREACH v IN ARRAY ARRAY[
      'indicator_daycare_coverage', 'indicator_service_circle', 'indicator_monitoring_coverage',
      'indicator_device_online', 'alert_response', 'indicator_response', 'indicator_alert_quality',
      'indicator_alert_rate', 'indicator_institution', 'indicator_nursing_beds', 'indicator_consent',
      'indicator_sensitive_reads', 'indicator_visit_rate', 'indicator_meals', 'dashboard_site',
      'meal_station_day', 'meal_subsidy_tier_day', 'meal_priority_day', 'meal_flag_day'] LOOP
    EXECUTE format('GRANT SELECT ON %I TO %I', v, reader);
  END LOOP;
  EXECUTE format('GRANT SELECT (county_code) ON elder_registered TO %I', reader);
  EXECUTE format('GRANT SELECT (elder_id, station_site_id, service_day, meals) ON meal_diner_day TO %I', reader);
  EXECUTE format('GRANT SELECT (bucket, site_id, metric, samples, min_value, max_value, sum_value)'
      || ' ON reading_hourly TO %I', reader);
  EXECUTE format('GRANT SELECT (id, site_id, area_code) ON elder TO %I', reader);
  EXECUTE format('GRANT SELECT (id, elder_id, rule, severity, status, is_open, raised_at, closed_at,'
      || ' disposition, event_count) ON alert TO %I', reader);
  EXECUTE format('GRANT SELECT (id, kind, elder_id, site_id, enabled, online, battery, last_seen_at,'
      || ' offline_reason) ON device TO %I', reader);
  EXECUTE format('GRANT SELECT (device_id, kind, received_at, time_flag) ON device_event TO %I', reader);
  EXECUTE format('GRANT SELECT (reason, received_at) ON rejected_message TO %I', reader);
  EXECUTE format('GRANT SELECT (id, role, enabled) ON account TO %I', reader);
  EXECUTE format('GRANT SELECT (account_id, site_id) ON account_site TO %I', reader);
  EXECUTE format('GRANT SELECT (account_id, on_duty) ON staff_duty TO %I', reader);
  EXECUTE format('GRANT SELECT (elder_id, kind, status, due_at, created_at) ON care_work_order TO %I', reader);
  EXECUTE format('GRANT SELECT (elder_id, mode, visited_at) ON care_visit TO %I', reader);
END
$$;

-- The role Grafana signs in with in docker-compose.yml (dashboards/initdb creates it).
CREATE OR REPLACE FUNCTION anxin_dashboard_reader_role() RETURNS name LANGUAGE sql IMMUTABLE AS $$
  SELECT 'grafana_reader'::name
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = anxin_dashboard_reader_role()) THEN
    PERFORM anxin_grant_dashboard_reader(anxin_dashboard_reader_role());
  END IF;
END
$$;
