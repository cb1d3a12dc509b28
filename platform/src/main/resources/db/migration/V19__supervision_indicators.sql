-- The bureau's supervision indicators (DOMAIN.md, "What the bureau supervises"), one view each,
-- defined in docs/indicators.md. Dashboards (dashboards/json), the API (/api/indicators) and the
-- console's overview read these views and nothing else, so a figure means the same everywhere.
-- Conventions: a county is the first six digits of a statistical area code; a community is a
-- twelve-digit code; months and days are those of Asia/Shanghai; shares are numeric in [0, 1]
-- rounded to four places, NULL when there is nothing to divide by; durations are in seconds.
-- Only functions plain PostgreSQL and TimescaleDB both have are used.

-- Great-circle distance in metres between two points given in degrees (mean Earth radius).
CREATE FUNCTION anxin_distance_m(lon1 double precision, lat1 double precision,
                                 lon2 double precision, lat2 double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 2 * 6371008.8 * asin(least(1, sqrt(
           power(sin(radians(lat2 - lat1) / 2), 2)
           + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$;

-- A share rounded to four places, NULL when the denominator is zero.
CREATE FUNCTION anxin_share(part bigint, whole bigint)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN whole IS NULL OR whole = 0 THEN NULL ELSE round(part::numeric / whole, 4) END
$$;

-- Today's date where the elders live.
CREATE FUNCTION anxin_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- Registered elders: not erased, and not DECEASED today (the status period covering today, the
-- latest starting one winning; no period means ACTIVE). The denominator of most indicators.
CREATE VIEW elder_registered AS
SELECT e.id AS elder_id, e.site_id, e.area_code, left(e.area_code, 6) AS county_code, e.lon, e.lat,
       e.living_arrangement, e.categories, e.risk_tier, coalesce(st.status, 'ACTIVE') AS status,
       ab.level AS ability_level, ab.next_due AS assessment_due
FROM elder e
LEFT JOIN LATERAL (
  SELECT s.status FROM elder_status s
  WHERE s.elder_id = e.id AND s.from_date <= anxin_today() AND (s.to_date IS NULL OR s.to_date >= anxin_today())
  ORDER BY s.from_date DESC, s.id DESC LIMIT 1) st ON true
LEFT JOIN LATERAL (
  SELECT a.level, a.next_due FROM ability_assessment a
  WHERE a.elder_id = e.id ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) ab ON true
WHERE e.erased_at IS NULL AND coalesce(st.status, 'ACTIVE') <> 'DECEASED';
COMMENT ON VIEW elder_registered IS 'Elders registered today: not erased, not deceased; with current status and latest ability level';

-- Day-care coverage (日间照料覆盖率): communities with an active day-care centre / all communities.
-- The communities are the twelve-digit area codes where a registered elder lives or a community
-- site is registered. Plan target 90%.
CREATE VIEW indicator_daycare_coverage AS
WITH community AS (
  SELECT area_code FROM elder_registered WHERE length(area_code) = 12
  UNION
  SELECT area_code FROM site WHERE kind = 'COMMUNITY' AND active AND length(area_code) = 12
), served AS (
  SELECT DISTINCT area_code FROM site WHERE kind = 'DAY_CARE' AND active AND length(area_code) = 12
)
SELECT left(c.area_code, 6) AS county_code,
       count(*) AS communities,
       count(v.area_code) AS covered,
       anxin_share(count(v.area_code), count(*)) AS coverage,
       0.90::numeric AS target
FROM community c LEFT JOIN served v USING (area_code)
GROUP BY 1;
COMMENT ON VIEW indicator_daycare_coverage IS 'Communities with an active day-care centre / all communities, by county; target 0.90';

-- The 15-minute service circle (15分钟居家养老服务圈): registered elders living within radius_m of an
-- active day-care centre or meal station / all registered elders. Elders without a geo point count
-- in the denominator (they cannot be shown to be inside) and are reported as unplaced.
CREATE FUNCTION service_circle(radius_m double precision)
RETURNS TABLE (county_code text, elders bigint, placed bigint, within bigint, share numeric, radius_metres double precision)
LANGUAGE sql STABLE AS $$
  WITH placed AS (
    SELECT r.county_code, r.lat IS NOT NULL AND r.lon IS NOT NULL AS placed,
           EXISTS (
             SELECT 1 FROM site s
             WHERE s.active AND s.kind IN ('DAY_CARE', 'MEAL_STATION') AND s.lat IS NOT NULL AND s.lon IS NOT NULL
               -- a box around the elder first, so the distance is computed for nearby sites only
               AND s.lat BETWEEN r.lat - radius_m / 111000.0 AND r.lat + radius_m / 111000.0
               AND s.lon BETWEEN r.lon - radius_m / (111000.0 * greatest(cos(radians(r.lat)), 0.01))
                             AND r.lon + radius_m / (111000.0 * greatest(cos(radians(r.lat)), 0.01))
               AND anxin_distance_m(r.lon, r.lat, s.lon, s.lat) <= radius_m) AS inside
    FROM elder_registered r
  )
  SELECT county_code, count(*), count(*) FILTER (WHERE placed), count(*) FILTER (WHERE inside),
         anxin_share(count(*) FILTER (WHERE inside), count(*)), radius_m
  FROM placed
  GROUP BY county_code
$$;
CREATE VIEW indicator_service_circle AS SELECT * FROM service_circle(1000);
COMMENT ON VIEW indicator_service_circle IS 'Registered elders within 1,000 m of an active day-care centre or meal station / all registered elders, by county';

-- Monitoring coverage (监测覆盖率): elders of a priority group with at least one enabled monitoring
-- device bound to them / all elders of that group. Groups: ALONE (living alone), EXTREME_POVERTY
-- (特困), DISABLED (category, or latest ability level moderate, severe or complete), and ANY.
CREATE VIEW indicator_monitoring_coverage AS
WITH grouped AS (
  SELECT r.elder_id, r.county_code, g.grp
  FROM elder_registered r
  CROSS JOIN LATERAL (VALUES
    ('ALONE', r.living_arrangement = 'ALONE'),
    ('EXTREME_POVERTY', 'EXTREME_POVERTY' = ANY (r.categories)),
    ('DISABLED', 'DISABLED' = ANY (r.categories) OR r.ability_level IN ('MODERATE', 'SEVERE', 'COMPLETE')),
    ('ANY', r.living_arrangement = 'ALONE' OR r.categories && ARRAY['EXTREME_POVERTY', 'DISABLED']
            OR r.ability_level IN ('MODERATE', 'SEVERE', 'COMPLETE'))) AS g (grp, member)
  WHERE g.member
), monitored AS (
  SELECT DISTINCT elder_id FROM device WHERE enabled AND elder_id IS NOT NULL AND kind <> 'MEAL_READER'
)
SELECT g.county_code, g.grp AS priority_group,
       count(*) AS elders,
       count(m.elder_id) AS monitored,
       anxin_share(count(m.elder_id), count(*)) AS coverage
FROM grouped g LEFT JOIN monitored m USING (elder_id)
GROUP BY 1, 2;
COMMENT ON VIEW indicator_monitoring_coverage IS 'Priority-group elders with an enabled monitoring device / all of the group, by county and group';

-- Device online rate (设备在线率): enabled devices connected now, or (meters, which upload
-- periodically and may never hold a connection) heard from in the last 26 hours / enabled devices.
-- A device's county is its elder's, else its site's.
CREATE VIEW indicator_device_online AS
SELECT left(coalesce(e.area_code, s.area_code), 6) AS county_code, d.kind AS device_kind,
       count(*) AS devices,
       count(*) FILTER (WHERE d.online OR (d.kind IN ('WATER_METER', 'ELECTRICITY_METER')
                                           AND d.last_seen_at >= now() - interval '26 hours')) AS online,
       anxin_share(count(*) FILTER (WHERE d.online OR (d.kind IN ('WATER_METER', 'ELECTRICITY_METER')
                                           AND d.last_seen_at >= now() - interval '26 hours')), count(*)) AS online_rate
FROM device d
LEFT JOIN elder e ON e.id = d.elder_id
LEFT JOIN site s ON s.id = d.site_id
WHERE d.enabled
GROUP BY 1, 2;
COMMENT ON VIEW indicator_device_online IS 'Enabled devices online (meters: heard from within 26 h) / enabled devices, by county and kind';

-- One row per alert with the facts the response indicators need.
CREATE VIEW alert_response AS
SELECT a.id AS alert_id, a.severity, a.rule, a.status, a.disposition, a.raised_at,
       (date_trunc('month', a.raised_at AT TIME ZONE 'Asia/Shanghai'))::date AS month,
       e.site_id, left(coalesce(e.area_code, s.area_code), 6) AS county_code, d.kind AS device_kind,
       extract(epoch FROM a.acknowledged_at - a.raised_at)::double precision AS ack_seconds,
       extract(epoch FROM arrive.at - a.raised_at)::double precision AS arrive_seconds,
       extract(epoch FROM a.closed_at - a.raised_at)::double precision AS close_seconds,
       NOT a.is_open AS closed,
       arrive.at IS NOT NULL AS attended
FROM alert a
JOIN elder e ON e.id = a.elder_id
LEFT JOIN site s ON s.id = e.site_id
LEFT JOIN device d ON d.id = a.device_id
LEFT JOIN LATERAL (
  SELECT min(t.at) AS at FROM alert_transition t WHERE t.alert_id = a.id AND t.to_status = 'ON_SITE') arrive ON true;
COMMENT ON VIEW alert_response IS 'Each alert with its times to acknowledge, arrive and close, in seconds from raising';

-- Response (响应): per month, county, site and severity: alerts, acknowledged within 60 s and the
-- share (the plan's SLA for P1), median and p90 time to acknowledge and to arrive on site,
-- closed-loop rate (closed / raised).
CREATE VIEW indicator_response AS
SELECT month, county_code, site_id, severity,
       count(*) AS alerts,
       count(*) FILTER (WHERE ack_seconds <= 60) AS acknowledged_60s,
       anxin_share(count(*) FILTER (WHERE ack_seconds <= 60), count(*)) AS share_acknowledged_60s,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ack_seconds) AS median_ack_seconds,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ack_seconds) AS p90_ack_seconds,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY arrive_seconds) AS median_arrive_seconds,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY arrive_seconds) AS p90_arrive_seconds,
       count(*) FILTER (WHERE closed) AS closed,
       anxin_share(count(*) FILTER (WHERE closed), count(*)) AS closed_loop_rate
FROM alert_response
GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW indicator_response IS 'Per month, county, site, severity: acknowledged within 60 s, median/p90 to acknowledge and arrive, closed-loop rate';

-- Alert quality (告警质量) by device kind: closed alerts, false alarms among them and the ratio;
-- real events (closed as REAL_EVENT).
CREATE VIEW indicator_alert_quality AS
SELECT month, coalesce(device_kind, 'NONE') AS device_kind,
       count(*) AS alerts,
       count(*) FILTER (WHERE closed) AS closed,
       count(*) FILTER (WHERE status = 'FALSE_ALARM') AS false_alarms,
       anxin_share(count(*) FILTER (WHERE status = 'FALSE_ALARM'), count(*) FILTER (WHERE closed)) AS false_alarm_ratio,
       count(*) FILTER (WHERE disposition = 'REAL_EVENT') AS real_events
FROM alert_response
GROUP BY 1, 2;
COMMENT ON VIEW indicator_alert_quality IS 'Per month and device kind: false alarms / closed alerts, real events';

-- Alerts per 100 registered elders per month, by county; confirmed falls (fall, suspected fall and
-- long-lie alerts closed as a real event) and rescues (real events someone attended on site).
CREATE VIEW indicator_alert_rate AS
WITH elders AS (SELECT county_code, count(*) AS elders FROM elder_registered GROUP BY 1)
SELECT r.month, r.county_code,
       count(*) AS alerts,
       max(el.elders) AS elders,
       CASE WHEN max(el.elders) > 0 THEN round(100.0 * count(*) / max(el.elders), 2) END AS alerts_per_100_elders,
       count(*) FILTER (WHERE r.rule IN ('FALL', 'SUSPECTED_FALL', 'LONG_LIE') AND r.disposition = 'REAL_EVENT') AS confirmed_falls,
       count(*) FILTER (WHERE r.disposition = 'REAL_EVENT' AND r.attended) AS rescues
FROM alert_response r
LEFT JOIN elders el ON el.county_code = r.county_code
GROUP BY 1, 2;
COMMENT ON VIEW indicator_alert_rate IS 'Per month and county: alerts per 100 registered elders (today''s count), confirmed falls, rescues';

-- Institutions (机构): per institution, beds, nursing-type beds and their share (plan target
-- >= 55%), residents (registered elders whose responsible site it is), occupancy, caregivers
-- (enabled staff and supervisors of the site), disabled residents and caregivers per disabled resident, the ability-level mix and
-- overdue reassessments.
CREATE VIEW indicator_institution AS
WITH per_site AS (
SELECT s.id AS site_id, s.code AS site_code, s.name AS site_name, left(s.area_code, 6) AS county_code,
       s.beds, s.nursing_beds,
       anxin_share(s.nursing_beds, s.beds) AS nursing_bed_share,
       0.55::numeric AS nursing_bed_target,
       count(r.elder_id) AS residents,
       anxin_share(count(r.elder_id), s.beds) AS occupancy,
       (SELECT count(*) FROM account a JOIN account_site x ON x.account_id = a.id
         WHERE x.site_id = s.id AND a.enabled AND a.role IN ('STAFF', 'SUPERVISOR')) AS caregivers,
       count(r.elder_id) FILTER (WHERE 'DISABLED' = ANY (r.categories)
                                    OR r.ability_level IN ('MODERATE', 'SEVERE', 'COMPLETE')) AS disabled_residents,
       count(r.elder_id) FILTER (WHERE r.ability_level = 'INTACT') AS level_intact,
       count(r.elder_id) FILTER (WHERE r.ability_level = 'MILD') AS level_mild,
       count(r.elder_id) FILTER (WHERE r.ability_level = 'MODERATE') AS level_moderate,
       count(r.elder_id) FILTER (WHERE r.ability_level = 'SEVERE') AS level_severe,
       count(r.elder_id) FILTER (WHERE r.ability_level = 'COMPLETE') AS level_complete,
       count(r.elder_id) FILTER (WHERE r.elder_id IS NOT NULL AND r.ability_level IS NULL) AS level_unassessed,
       count(r.elder_id) FILTER (WHERE r.assessment_due < anxin_today()) AS overdue_reassessments
FROM site s
LEFT JOIN elder_registered r ON r.site_id = s.id
WHERE s.kind = 'INSTITUTION' AND s.active
GROUP BY s.id
)
SELECT *, CASE WHEN disabled_residents > 0 THEN round(caregivers::numeric / disabled_residents, 2) END
         AS caregivers_per_disabled_resident
FROM per_site;
COMMENT ON VIEW indicator_institution IS 'Per active institution: nursing-bed share (target 0.55), occupancy, caregivers, ability mix, overdue reassessments';

-- Nursing-type bed share by county over all active institutions (plan target >= 55%).
CREATE VIEW indicator_nursing_beds AS
SELECT left(area_code, 6) AS county_code, count(*) AS institutions,
       sum(coalesce(beds, 0)) AS beds, sum(coalesce(nursing_beds, 0)) AS nursing_beds,
       anxin_share(sum(coalesce(nursing_beds, 0)), sum(coalesce(beds, 0))) AS nursing_bed_share,
       0.55::numeric AS target
FROM site
WHERE kind = 'INSTITUTION' AND active
GROUP BY 1;
COMMENT ON VIEW indicator_nursing_beds IS 'Nursing-type beds / beds of active institutions, by county; target 0.55';

-- Consent (同意): registered elders whose latest consent record for a purpose grants it / all
-- registered elders, by county and purpose.
CREATE VIEW indicator_consent AS
WITH latest AS (
  SELECT DISTINCT ON (elder_id, purpose) elder_id, purpose, granted
  FROM consent_record ORDER BY elder_id, purpose, recorded_at DESC, id DESC
)
SELECT r.county_code, p.purpose,
       count(*) AS elders,
       count(*) FILTER (WHERE l.granted) AS consenting,
       anxin_share(count(*) FILTER (WHERE l.granted), count(*)) AS share
FROM elder_registered r
CROSS JOIN (VALUES ('NOTIFY_FAMILY'), ('HEALTH_MONITORING'), ('LOCATION')) AS p (purpose)
LEFT JOIN latest l ON l.elder_id = r.elder_id AND l.purpose = p.purpose
GROUP BY 1, 2;
COMMENT ON VIEW indicator_consent IS 'Registered elders with a granted consent (latest record) / all, by county and purpose';

-- Sensitive-data reads (敏感数据访问) per month and role: audited reads, elders read, accounts reading.
CREATE VIEW indicator_sensitive_reads AS
SELECT (date_trunc('month', at AT TIME ZONE 'Asia/Shanghai'))::date AS month, role,
       count(*) AS reads,
       sum(cardinality(elder_ids)) AS elder_records,
       count(DISTINCT account_id) AS accounts
FROM access_audit
GROUP BY 1, 2;
COMMENT ON VIEW indicator_sensitive_reads IS 'Audited reads of personal data per month and role';

-- Meal assistance (助餐), per month, county and station: meals, unique diners, regular diners (who
-- ate there on at least four of the station's last five service days of the month), service days
-- and meals per service day, subsidy granted (fen), meals to priority groups (elders in at least one
-- category) and their share, fraud flags raised and flags per 1,000 meals. Built on the meal
-- records of V15 (docs/meals.md); a station's county is its site's.
CREATE VIEW indicator_meals AS
WITH served AS (
  SELECT (date_trunc('month', r.service_day))::date AS month, r.station_site_id,
         count(*) AS meals,
         count(DISTINCT r.elder_id) AS diners,
         count(DISTINCT r.service_day) AS service_days,
         coalesce(sum(r.subsidy_fen), 0) AS subsidy_fen,
         count(*) FILTER (WHERE cardinality(e.categories) > 0) AS priority_meals
  FROM meal_record r LEFT JOIN elder e ON e.id = r.elder_id
  WHERE r.station_site_id IS NOT NULL
  GROUP BY 1, 2
), service_days AS (
  SELECT DISTINCT station_site_id, service_day FROM meal_record WHERE station_site_id IS NOT NULL
), last_five AS (
  -- the station's last five service days of each month
  SELECT month, station_site_id, service_day FROM (
    SELECT (date_trunc('month', service_day))::date AS month, station_site_id, service_day,
           row_number() OVER (PARTITION BY station_site_id, date_trunc('month', service_day)
                              ORDER BY service_day DESC) AS k
    FROM service_days) d
  WHERE k <= 5
), regulars AS (
  -- elders who ate there on at least four of those five days
  SELECT month, station_site_id, count(*) AS regular_diners FROM (
    SELECT l.month, l.station_site_id, r.elder_id
    FROM last_five l JOIN meal_record r ON r.station_site_id = l.station_site_id AND r.service_day = l.service_day
    WHERE r.elder_id IS NOT NULL
    GROUP BY 1, 2, 3
    HAVING count(DISTINCT r.service_day) >= 4) x
  GROUP BY 1, 2
), flagged AS (
  SELECT (date_trunc('month', service_day))::date AS month, station_site_id, count(*) AS flags
  FROM meal_flag
  WHERE station_site_id IS NOT NULL
  GROUP BY 1, 2
)
SELECT m.month, left(s.area_code, 6) AS county_code, m.station_site_id AS site_id, s.name AS station,
       m.meals, m.diners, m.service_days,
       round(m.meals::numeric / nullif(m.service_days, 0), 1) AS meals_per_service_day,
       m.subsidy_fen, m.priority_meals,
       anxin_share(m.priority_meals, m.meals) AS priority_share,
       coalesce(f.flags, 0) AS flags,
       CASE WHEN m.meals > 0 THEN round(1000.0 * coalesce(f.flags, 0) / m.meals, 2) END AS flags_per_1000_meals,
       coalesce(g.regular_diners, 0) AS regular_diners
FROM served m
JOIN site s ON s.id = m.station_site_id
LEFT JOIN flagged f ON f.month = m.month AND f.station_site_id = m.station_site_id
LEFT JOIN regulars g ON g.month = m.month AND g.station_site_id = m.station_site_id;
COMMENT ON VIEW indicator_meals IS 'Per month, county and meal station: meals, diners, subsidy, share to priority groups, fraud flags per 1,000 meals';
