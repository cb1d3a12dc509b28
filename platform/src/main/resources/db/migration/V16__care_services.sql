-- Home and community care services (居家和社区养老服务, docs/care-services.md): visits to elders and
-- work orders for them, the safe zones drawn on the care map for the wandering rule, and the
-- bureau's visit-rate indicator.

-- A visit: someone of the elder's centre saw or spoke to the elder. Every mode counts as a visit
-- for rule 18 (VISIT_OVERDUE) and the visit-rate indicator; the mode says how it was made.
CREATE TABLE care_visit (
  id               bigserial PRIMARY KEY,
  elder_id         bigint NOT NULL REFERENCES elder (id),
  visitor_id       bigint NOT NULL REFERENCES account (id),
  mode             text NOT NULL CHECK (mode IN ('HOME_VISIT', 'PHONE', 'VIDEO', 'AT_CENTRE', 'OTHER')),
  visited_at       timestamptz NOT NULL,
  findings         text NOT NULL CHECK (length(findings) BETWEEN 1 AND 2000),
  alert_id         bigint REFERENCES alert (id),
  next_action      text CHECK (length(next_action) <= 500),
  next_action_due  date,
  recorded_by      bigint NOT NULL REFERENCES account (id),
  recorded_at      timestamptz NOT NULL
);
CREATE INDEX care_visit_elder ON care_visit (elder_id, visited_at DESC);
CREATE INDEX care_visit_time ON care_visit (visited_at DESC, id DESC);

-- A work order: something to be done for an elder (a home check after an alert, a repair, a meal
-- delivered, cleaning ...). OPEN -> ASSIGNED -> DONE, or CANCELLED from OPEN or ASSIGNED; DONE and
-- CANCELLED are final and carry an outcome.
CREATE TABLE care_work_order (
  id           bigserial PRIMARY KEY,
  elder_id     bigint NOT NULL REFERENCES elder (id),
  kind         text NOT NULL CHECK (kind IN ('HOME_CHECK', 'REPAIR', 'MEAL_DELIVERY', 'CLEANING', 'ESCORT',
                                             'DEVICE_SERVICE', 'OTHER')),
  description  text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  alert_id     bigint REFERENCES alert (id),
  assignee_id  bigint REFERENCES account (id),
  due_at       timestamptz,
  status       text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ASSIGNED', 'DONE', 'CANCELLED')),
  outcome      text CHECK (length(outcome) BETWEEN 1 AND 1000),
  created_by   bigint NOT NULL REFERENCES account (id),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  closed_by    bigint REFERENCES account (id),
  closed_at    timestamptz,
  CHECK ((status IN ('DONE', 'CANCELLED')) = (closed_at IS NOT NULL)),
  CHECK (status NOT IN ('DONE', 'CANCELLED') OR outcome IS NOT NULL),
  CHECK (status <> 'ASSIGNED' OR assignee_id IS NOT NULL)
);
CREATE INDEX care_work_order_elder ON care_work_order (elder_id, created_at DESC);
CREATE INDEX care_work_order_open ON care_work_order (status, due_at) WHERE status IN ('OPEN', 'ASSIGNED');
CREATE INDEX care_work_order_assignee ON care_work_order (assignee_id) WHERE status = 'ASSIGNED';

-- Safe zones of an elder (rule 20, WANDERING): a circle (centre and radius in metres; the centre is
-- the elder's home point, the responsible site's point, or a point drawn on the map) or a polygon
-- (a GeoJSON Polygon, WGS 84, outer ring only). Inside any one of them is "inside".
CREATE TABLE elder_safe_zone (
  id          bigserial PRIMARY KEY,
  elder_id    bigint NOT NULL REFERENCES elder (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  shape       text NOT NULL CHECK (shape IN ('CIRCLE', 'POLYGON')),
  anchor      text CHECK (anchor IN ('HOME', 'SITE', 'POINT')),
  lon         double precision CHECK (lon BETWEEN -180 AND 180),
  lat         double precision CHECK (lat BETWEEN -90 AND 90),
  radius_m    integer CHECK (radius_m BETWEEN 10 AND 20000),
  polygon     jsonb,
  created_by  bigint REFERENCES account (id),
  created_at  timestamptz NOT NULL,
  CHECK ((shape = 'CIRCLE') = (lon IS NOT NULL AND lat IS NOT NULL AND radius_m IS NOT NULL AND anchor IS NOT NULL)),
  CHECK ((shape = 'POLYGON') = (polygon IS NOT NULL))
);
CREATE INDEX elder_safe_zone_elder ON elder_safe_zone (elder_id);

-- Alerts that no device event caused: a visit overdue is the absence of a visit, and the elder may
-- have no device at all. Such alerts have neither a cause event nor a device.
ALTER TABLE alert ALTER COLUMN cause_event_id DROP NOT NULL,
  ALTER COLUMN device_id DROP NOT NULL,
  ADD CONSTRAINT alert_cause_and_device CHECK ((cause_event_id IS NULL) = (device_id IS NULL));

-- The bureau's indicator "visits: monthly visit rate by risk tier (target 100%)" (DOMAIN.md).
--
-- For each calendar month (China Standard Time) from the month of the first registered elder to
-- the current month, and each risk tier: `elders` = the elders of that tier who count that month,
-- `visited` = those of them visited at least as often as their tier requires, `rate` = visited /
-- elders (NULL without elders).
--   * Requirement per tier: HIGH weekly = at least 4 visits in the month; KEY monthly = at least
--     one visit in the month; GENERAL quarterly = at least one visit in the three months ending
--     with this one (this month and the two before it).
--   * Every mode of visit counts (home visit, phone, video, at the centre, other).
--   * An elder counts in a month when registered before the month ends, not erased, and not
--     DECEASED from a day before the month began. AWAY and HOSPITAL elders still count (a phone or
--     video visit is still expected).
--   * The tier is the elder's tier now (no history of tiers is kept), so past months are read
--     with today's tiers.
CREATE VIEW indicator_visit_rate AS
WITH months AS (
  SELECT m::date AS month_start, (m + interval '1 month')::date AS month_end
  FROM generate_series(
    date_trunc('month', (SELECT min(created_at) FROM elder) AT TIME ZONE 'Asia/Shanghai'),
    date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai'),
    interval '1 month') AS m
),
counted AS (
  SELECT mo.month_start, mo.month_end, e.id AS elder_id, e.risk_tier, left(e.area_code, 6) AS county_code
  FROM months mo
  JOIN elder e ON (e.created_at AT TIME ZONE 'Asia/Shanghai') < mo.month_end
    AND e.erased_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM elder_status x WHERE x.elder_id = e.id AND x.status = 'DECEASED'
                      AND x.from_date < mo.month_start)
),
judged AS (
  SELECT c.month_start, c.risk_tier, c.county_code,
    CASE c.risk_tier
      WHEN 'HIGH' THEN (SELECT count(*) FROM care_visit v WHERE v.elder_id = c.elder_id
                          AND (v.visited_at AT TIME ZONE 'Asia/Shanghai') >= c.month_start
                          AND (v.visited_at AT TIME ZONE 'Asia/Shanghai') < c.month_end) >= 4
      WHEN 'KEY' THEN EXISTS (SELECT 1 FROM care_visit v WHERE v.elder_id = c.elder_id
                          AND (v.visited_at AT TIME ZONE 'Asia/Shanghai') >= c.month_start
                          AND (v.visited_at AT TIME ZONE 'Asia/Shanghai') < c.month_end)
      ELSE EXISTS (SELECT 1 FROM care_visit v WHERE v.elder_id = c.elder_id
                          AND (v.visited_at AT TIME ZONE 'Asia/Shanghai') >= (c.month_start - interval '2 months')
                          AND (v.visited_at AT TIME ZONE 'Asia/Shanghai') < c.month_end)
    END AS visited_enough
  FROM counted c
)
SELECT month_start AS month, risk_tier, count(*) AS elders,
  count(*) FILTER (WHERE visited_enough) AS visited,
  round(count(*) FILTER (WHERE visited_enough)::numeric / NULLIF(count(*), 0), 4) AS rate,
  county_code
FROM judged
GROUP BY month_start, risk_tier, county_code;

COMMENT ON VIEW indicator_visit_rate IS 'Monthly visit rate by risk tier (DOMAIN.md "visits", target 100%):'
  ' per calendar month (Asia/Shanghai) and tier, elders visited at least as often as their tier requires'
  ' (HIGH: >= 4 visits in the month; KEY: >= 1 in the month; GENERAL: >= 1 in the three months ending with it),'
  ' any visit mode, over the elders of that tier registered by the month''s end, not erased, not deceased'
  ' before it began; tiers as they are now. rate = visited / elders. One row per month, tier and county'
  ' (the first six digits of the elder''s area code).';
