-- Meal assistance (老年人助餐管理系统, docs/meals.md): meal stations (sites of kind MEAL_STATION)
-- and their service days, diners' credentials (keyed hash + last four characters, never the number),
-- subsidy policies by category tier, meal leave, one meal record per swipe, fraud flags (catalogue
-- rules 15 and 16) with their review, the flag thresholds, a record of alert severity raised by
-- corroboration (rule 14 with a meter rule), and the meal_* views the bureau's figures come from.

-- A station's service days (ISO weekdays, 1 = Monday); a station without a row serves every day.
CREATE TABLE meal_station (
  site_id           bigint PRIMARY KEY REFERENCES site (id),
  service_weekdays  smallint[] NOT NULL DEFAULT '{1,2,3,4,5,6,7}'
                    CHECK (cardinality(service_weekdays) BETWEEN 1 AND 7
                           AND service_weekdays <@ '{1,2,3,4,5,6,7}'::smallint[]),
  updated_at        timestamptz NOT NULL,
  updated_by        bigint REFERENCES account (id)
);

-- What identifies a diner at a reader. The number itself is never stored: a keyed hash (HMAC with
-- the platform's PII hash key over "<TYPE>:<normalised id>") for the look-up, the last four
-- characters for display. A revoked credential still resolves (to flag a subsidy claimed on it).
CREATE TABLE meal_credential (
  id             bigserial PRIMARY KEY,
  elder_id       bigint NOT NULL REFERENCES elder (id),
  type           text NOT NULL CHECK (type IN ('SOCIAL_SECURITY', 'ELDER_CARD', 'FACE')),
  id_hash        bytea NOT NULL,
  last4          text NOT NULL CHECK (length(last4) BETWEEN 1 AND 4),
  issued_at      timestamptz NOT NULL,
  issued_by      bigint REFERENCES account (id),
  revoked_at     timestamptz,
  revoke_reason  text CHECK (revoke_reason IN ('LOST', 'REPLACED', 'MOVED_AWAY', 'NO_LONGER_ELIGIBLE', 'OTHER')),
  CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
CREATE UNIQUE INDEX meal_credential_live ON meal_credential (type, id_hash) WHERE revoked_at IS NULL;
CREATE INDEX meal_credential_hash ON meal_credential (type, id_hash, issued_at DESC);
CREATE INDEX meal_credential_elder ON meal_credential (elder_id);

-- Subsidy policy for one tier: an elder category, an age (AGE_70 = aged 70 or more on the meal's
-- day) or ALL; amounts per meal type in fen, a cap per day, how many meals a day are subsidised,
-- effective dates (inclusive). Policies are not edited: a new one starts, an old one is ended.
CREATE TABLE meal_policy (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  tier            text NOT NULL CHECK (tier ~ '^(EXTREME_POVERTY|LOW_INCOME|AGED_80|DISABLED|DEMENTIA|SPECIAL_FAMILY|CENTENARIAN|AGE_[6-9][0-9]|ALL)$'),
  breakfast_fen   integer NOT NULL CHECK (breakfast_fen BETWEEN 0 AND 100000),
  lunch_fen       integer NOT NULL CHECK (lunch_fen BETWEEN 0 AND 100000),
  dinner_fen      integer NOT NULL CHECK (dinner_fen BETWEEN 0 AND 100000),
  daily_cap_fen   integer NOT NULL CHECK (daily_cap_fen BETWEEN 0 AND 300000),
  meals_per_day   smallint NOT NULL DEFAULT 1 CHECK (meals_per_day BETWEEN 1 AND 3),
  effective_from  date NOT NULL,
  effective_to    date CHECK (effective_to IS NULL OR effective_to >= effective_from),
  created_at      timestamptz NOT NULL,
  created_by      bigint REFERENCES account (id)
);
CREATE INDEX meal_policy_tier ON meal_policy (tier, effective_from);

-- An elder announces absence from meals (days inclusive).
CREATE TABLE meal_leave (
  id           bigserial PRIMARY KEY,
  elder_id     bigint NOT NULL REFERENCES elder (id),
  from_date    date NOT NULL,
  to_date      date NOT NULL CHECK (to_date >= from_date),
  reason       text CHECK (length(reason) <= 200),
  recorded_at  timestamptz NOT NULL,
  recorded_by  bigint REFERENCES account (id)
);
CREATE INDEX meal_leave_elder ON meal_leave (elder_id, from_date);

-- One row per swipe from the journal, whatever came of it (outcome). Amounts in fen: what the reader
-- said (price, claimed subsidy, paid) and the subsidy the platform grants under the policy in force.
CREATE TABLE meal_record (
  id                   bigserial PRIMARY KEY,
  event_id             bigint NOT NULL UNIQUE REFERENCES device_event (id),
  device_id            text NOT NULL REFERENCES device (id),
  station_site_id      bigint REFERENCES site (id),
  terminal             text NOT NULL,
  served_at            timestamptz NOT NULL,
  service_day          date NOT NULL,
  meal_type            text NOT NULL CHECK (meal_type IN ('BREAKFAST', 'LUNCH', 'DINNER')),
  credential_type      text NOT NULL CHECK (credential_type IN ('SOCIAL_SECURITY', 'ELDER_CARD', 'FACE')),
  credential_last4     text NOT NULL,
  credential_id        bigint REFERENCES meal_credential (id),
  elder_id             bigint REFERENCES elder (id),
  policy_id            bigint REFERENCES meal_policy (id),
  price_fen            integer NOT NULL CHECK (price_fen >= 0),
  claimed_subsidy_fen  integer NOT NULL CHECK (claimed_subsidy_fen >= 0),
  paid_fen             integer NOT NULL CHECK (paid_fen >= 0),
  subsidy_fen          integer NOT NULL CHECK (subsidy_fen >= 0 AND subsidy_fen <= price_fen),
  outcome              text NOT NULL CHECK (outcome IN ('SUBSIDISED', 'NOT_SUBSIDISED', 'NO_POLICY',
                         'UNKNOWN_CREDENTIAL', 'WITHHELD')),
  note                 text,
  recorded_at          timestamptz NOT NULL
);
CREATE INDEX meal_record_station_day ON meal_record (station_site_id, service_day);
CREATE INDEX meal_record_elder_day ON meal_record (elder_id, service_day);
CREATE INDEX meal_record_credential ON meal_record (credential_id, served_at);

-- Fraud flags (catalogue rules 15, 16): not elder alerts; listed for review, confirmed or dismissed.
CREATE TABLE meal_flag (
  id                 bigserial PRIMARY KEY,
  rule               text NOT NULL CHECK (rule IN ('DUPLICATE_SUBSIDY', 'INELIGIBLE_RECIPIENT')),
  reason             text NOT NULL CHECK (reason IN ('DAILY_LIMIT', 'TWO_STATIONS', 'DECEASED', 'ERASED',
                       'CREDENTIAL_REVOKED', 'NOT_ELIGIBLE', 'STATION_COUNT')),
  station_site_id    bigint REFERENCES site (id),
  elder_id           bigint REFERENCES elder (id),
  meal_record_id     bigint REFERENCES meal_record (id),
  related_record_id  bigint REFERENCES meal_record (id),
  service_day        date NOT NULL,
  withheld_fen       integer NOT NULL DEFAULT 0 CHECK (withheld_fen >= 0),
  detail             jsonb NOT NULL DEFAULT '{}',
  raised_at          timestamptz NOT NULL,
  status             text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CONFIRMED', 'DISMISSED')),
  reviewed_at        timestamptz,
  reviewed_by        bigint REFERENCES account (id),
  review_note        text CHECK (length(review_note) <= 1000),
  CHECK ((status = 'OPEN') = (reviewed_at IS NULL))
);
CREATE INDEX meal_flag_station ON meal_flag (station_site_id, service_day);
CREATE INDEX meal_flag_open ON meal_flag (raised_at DESC) WHERE status = 'OPEN';
-- One inflated-count flag per station and day.
CREATE UNIQUE INDEX meal_flag_station_count ON meal_flag (station_site_id, service_day) WHERE reason = 'STATION_COUNT';

-- Thresholds of the fraud flags (one row; ADMIN changes them through the API).
CREATE TABLE meal_fraud_settings (
  id                   boolean PRIMARY KEY DEFAULT true CHECK (id),
  two_station_minutes  integer NOT NULL DEFAULT 30 CHECK (two_station_minutes BETWEEN 1 AND 720),
  count_sigmas         numeric(4, 2) NOT NULL DEFAULT 2.00 CHECK (count_sigmas > 0 AND count_sigmas <= 10),
  baseline_days        integer NOT NULL DEFAULT 30 CHECK (baseline_days BETWEEN 7 AND 365),
  min_baseline_days    integer NOT NULL DEFAULT 7 CHECK (min_baseline_days BETWEEN 2 AND 365),
  updated_at           timestamptz,
  updated_by           bigint REFERENCES account (id)
);
INSERT INTO meal_fraud_settings (id) VALUES (true);

-- An alert's severity raised after its raise (corroboration: a meal no-show of an elder whose meter
-- rule fires too), with what caused it. The alert row carries the severity now.
CREATE TABLE alert_severity_change (
  id              bigserial PRIMARY KEY,
  alert_id        bigint NOT NULL REFERENCES alert (id),
  from_severity   text NOT NULL CHECK (from_severity IN ('P1', 'P2', 'P3', 'P4')),
  to_severity     text NOT NULL CHECK (to_severity IN ('P1', 'P2', 'P3', 'P4')),
  at              timestamptz NOT NULL,
  reason          text NOT NULL,
  cause_alert_id  bigint REFERENCES alert (id)
);
CREATE INDEX alert_severity_change_alert ON alert_severity_change (alert_id, at);

-- The figures the bureau supervises (DOMAIN.md "meals"), per station and service day.
CREATE VIEW meal_station_day AS
  SELECT r.station_site_id, r.service_day,
         count(*) AS meals,
         count(DISTINCT r.elder_id) AS diners,
         count(*) FILTER (WHERE r.subsidy_fen > 0) AS subsidised_meals,
         count(*) FILTER (WHERE r.elder_id IS NULL) AS unknown_credential_meals,
         coalesce(sum(r.price_fen), 0) AS price_fen,
         coalesce(sum(r.claimed_subsidy_fen), 0) AS claimed_subsidy_fen,
         coalesce(sum(r.subsidy_fen), 0) AS subsidy_fen,
         coalesce(sum(r.paid_fen), 0) AS paid_fen
    FROM meal_record r
   GROUP BY r.station_site_id, r.service_day;

-- One row per elder, station and day the elder ate there.
CREATE VIEW meal_diner_day AS
  SELECT r.elder_id, r.station_site_id, r.service_day, count(*) AS meals, sum(r.subsidy_fen) AS subsidy_fen
    FROM meal_record r
   WHERE r.elder_id IS NOT NULL
   GROUP BY r.elder_id, r.station_site_id, r.service_day;

-- Subsidy granted per policy tier, station and day.
CREATE VIEW meal_subsidy_tier_day AS
  SELECT r.station_site_id, r.service_day, p.tier, count(*) AS meals, sum(r.subsidy_fen) AS subsidy_fen
    FROM meal_record r JOIN meal_policy p ON p.id = r.policy_id
   WHERE r.subsidy_fen > 0
   GROUP BY r.station_site_id, r.service_day, p.tier;

-- Meals and subsidy to priority groups (elders in at least one category), per station and day.
CREATE VIEW meal_priority_day AS
  SELECT r.station_site_id, r.service_day,
         count(*) AS meals,
         count(*) FILTER (WHERE cardinality(e.categories) > 0) AS priority_meals,
         coalesce(sum(r.subsidy_fen), 0) AS subsidy_fen,
         coalesce(sum(r.subsidy_fen) FILTER (WHERE cardinality(e.categories) > 0), 0) AS priority_subsidy_fen
    FROM meal_record r LEFT JOIN elder e ON e.id = r.elder_id
   GROUP BY r.station_site_id, r.service_day;

-- Fraud flags per station and day, by rule.
CREATE VIEW meal_flag_day AS
  SELECT f.station_site_id, f.service_day, f.rule, count(*) AS flags,
         count(*) FILTER (WHERE f.status = 'CONFIRMED') AS confirmed
    FROM meal_flag f
   GROUP BY f.station_site_id, f.service_day, f.rule;
