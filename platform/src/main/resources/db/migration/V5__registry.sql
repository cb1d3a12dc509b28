-- The elderly dynamic database (老龄动态数据库): elders with identity, residence, categories,
-- ability assessments, risk tier, status periods, contacts and consent; sites with owners and beds;
-- device binding history; staff, supervisor, family, bureau and administrator accounts with their
-- scope; login sessions and brute-force counters; the access audit; on-duty staff positions.
--
-- Area codes follow the national statistical division codes (统计用区划代码): 6 digits for a county,
-- 9 for a town, 12 for a community or village, so "in this area" is a prefix match.

ALTER TABLE site
  ADD COLUMN owner_org      text,
  ADD COLUMN area_code      text CHECK (area_code ~ '^[0-9]{2,12}$'),
  ADD COLUMN phone          text,
  ADD COLUMN beds           integer CHECK (beds >= 0),
  ADD COLUMN nursing_beds   integer CHECK (nursing_beds >= 0),
  ADD COLUMN active         boolean NOT NULL DEFAULT true,
  ADD COLUMN updated_at     timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT site_nursing_within_beds CHECK (nursing_beds IS NULL OR beds IS NULL OR nursing_beds <= beds);
CREATE INDEX site_area ON site (area_code text_pattern_ops);

-- elder.site_id is the site responsible for the elder (the day-care centre, institution or community
-- station whose staff answer the elder's alerts); the elder's home is elder.address and lon/lat.
ALTER TABLE elder
  ADD COLUMN id_card_cipher      bytea,
  ADD COLUMN id_card_key         text,
  ADD COLUMN id_card_hash        bytea,
  ADD COLUMN id_card_last4       text CHECK (id_card_last4 ~ '^[0-9X]{4}$'),
  ADD COLUMN phone               text,
  ADD COLUMN address             text,
  ADD COLUMN area_code           text CHECK (area_code ~ '^[0-9]{2,12}$'),
  ADD COLUMN grid                text,
  ADD COLUMN lon                 double precision CHECK (lon BETWEEN -180 AND 180),
  ADD COLUMN lat                 double precision CHECK (lat BETWEEN -90 AND 90),
  ADD COLUMN living_arrangement  text CHECK (living_arrangement IN
                                   ('ALONE', 'EMPTY_NEST', 'LEFT_BEHIND', 'WITH_FAMILY', 'IN_INSTITUTION')),
  ADD COLUMN categories          text[] NOT NULL DEFAULT '{}' CHECK (categories <@ ARRAY[
                                   'EXTREME_POVERTY', 'LOW_INCOME', 'AGED_80', 'DISABLED', 'DEMENTIA',
                                   'SPECIAL_FAMILY', 'CENTENARIAN']::text[]),
  ADD COLUMN risk_tier           text NOT NULL DEFAULT 'GENERAL' CHECK (risk_tier IN ('HIGH', 'KEY', 'GENERAL')),
  ADD COLUMN erased_at           timestamptz,
  ADD COLUMN updated_at          timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX elder_id_card ON elder (id_card_hash) WHERE id_card_hash IS NOT NULL;
CREATE INDEX elder_site ON elder (site_id);
CREATE INDEX elder_area ON elder (area_code text_pattern_ops);

-- Ability assessment per GB/T 42195-2022: a score of 0-90 and the level it gives.
CREATE TABLE ability_assessment (
  id           bigserial PRIMARY KEY,
  elder_id     bigint NOT NULL REFERENCES elder (id),
  score        smallint NOT NULL CHECK (score BETWEEN 0 AND 90),
  level        text GENERATED ALWAYS AS (CASE
                 WHEN score >= 90 THEN 'INTACT'
                 WHEN score >= 66 THEN 'MILD'
                 WHEN score >= 46 THEN 'MODERATE'
                 WHEN score >= 30 THEN 'SEVERE'
                 ELSE 'COMPLETE' END) STORED,
  assessed_on  date NOT NULL,
  assessor     text NOT NULL,
  next_due     date NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (next_due > assessed_on)
);
CREATE INDEX ability_assessment_elder ON ability_assessment (elder_id, assessed_on DESC);

-- Status periods: ACTIVE, AWAY (staying with family), HOSPITAL, DECEASED, each from a date to a date
-- (open-ended when to_date is NULL). Without a period covering a day, the elder is ACTIVE that day.
CREATE TABLE elder_status (
  id           bigserial PRIMARY KEY,
  elder_id     bigint NOT NULL REFERENCES elder (id),
  status       text NOT NULL CHECK (status IN ('ACTIVE', 'AWAY', 'HOSPITAL', 'DECEASED')),
  from_date    date NOT NULL,
  to_date      date,
  note         text,
  recorded_by  bigint,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX elder_status_elder ON elder_status (elder_id, from_date DESC);

CREATE TABLE account (
  id                   bigserial PRIMARY KEY,
  username             text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9._@-]{3,64}$'),
  display_name         text NOT NULL,
  role                 text NOT NULL CHECK (role IN ('STAFF', 'SUPERVISOR', 'FAMILY', 'BUREAU', 'ADMIN')),
  password_hash        text NOT NULL,
  phone                text,
  email                text,
  locale               text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
  enabled              boolean NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL DEFAULT now(),
  password_changed_at  timestamptz NOT NULL DEFAULT now()
);

-- The sites a staff member or supervisor works for: their scope.
CREATE TABLE account_site (
  account_id  bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  site_id     bigint NOT NULL REFERENCES site (id),
  PRIMARY KEY (account_id, site_id)
);
CREATE INDEX account_site_site ON account_site (site_id);

-- Contacts of an elder (family, neighbour, village doctor). A contact with an account is a family
-- member who may sign in and see this elder; notify_consent is the current state of the consent
-- record below, kept here for the notifier's look-up.
CREATE TABLE elder_contact (
  id              bigserial PRIMARY KEY,
  elder_id        bigint NOT NULL REFERENCES elder (id),
  name            text NOT NULL,
  relation        text NOT NULL,
  phone           text,
  email           text,
  channels        text[] NOT NULL DEFAULT '{}' CHECK (channels <@ ARRAY['SMS', 'EMAIL', 'APP', 'VOICE']::text[]),
  priority        smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 9),
  account_id      bigint REFERENCES account (id),
  notify_consent  boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elder_contact_elder ON elder_contact (elder_id);
CREATE UNIQUE INDEX elder_contact_account ON elder_contact (elder_id, account_id) WHERE account_id IS NOT NULL;

-- Consent, as given or withdrawn, never overwritten (PIPL art. 29: separate consent for sensitive data).
CREATE TABLE consent_record (
  id           bigserial PRIMARY KEY,
  elder_id     bigint NOT NULL REFERENCES elder (id),
  contact_id   bigint REFERENCES elder_contact (id) ON DELETE SET NULL,
  purpose      text NOT NULL CHECK (purpose IN ('NOTIFY_FAMILY', 'HEALTH_MONITORING', 'LOCATION')),
  granted      boolean NOT NULL,
  method       text NOT NULL CHECK (method IN ('WRITTEN', 'VERBAL_RECORDED', 'ELECTRONIC')),
  evidence     text,
  recorded_by  bigint REFERENCES account (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_record_elder ON consent_record (elder_id, recorded_at DESC);

-- Who a device was bound to and when; device.elder_id / site_id / room stay the current binding.
CREATE TABLE device_binding (
  id         bigserial PRIMARY KEY,
  device_id  text NOT NULL REFERENCES device (id),
  elder_id   bigint REFERENCES elder (id),
  site_id    bigint REFERENCES site (id),
  room       text,
  from_at    timestamptz NOT NULL,
  to_at      timestamptz,
  bound_by   bigint REFERENCES account (id)
);
CREATE INDEX device_binding_device ON device_binding (device_id, from_at DESC);
INSERT INTO device_binding (device_id, elder_id, site_id, room, from_at)
  SELECT id, elder_id, site_id, room, created_at FROM device;

-- Sign-in sessions: only a SHA-256 of the bearer token is kept.
CREATE TABLE login_session (
  token_hash    bytea PRIMARY KEY,
  account_id    bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  last_used_at  timestamptz NOT NULL,
  revoked_at    timestamptz,
  client_ip     text
);
CREATE INDEX login_session_account ON login_session (account_id);

-- Failed sign-ins, counted per username (known or not, so a lock-out reveals nothing) and per client
-- address (guessing across many usernames); a successful sign-in clears its username's rows.
CREATE TABLE login_failure (
  id         bigserial PRIMARY KEY,
  client_ip  text NOT NULL,
  username   text NOT NULL,
  at         timestamptz NOT NULL
);
CREATE INDEX login_failure_ip ON login_failure (client_ip, at);
CREATE INDEX login_failure_username ON login_failure (username, at);

-- Every read of elders' personal data: who, when, what, for what purpose. A list or map read is one
-- row naming every elder it returned.
CREATE TABLE access_audit (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  account_id  bigint REFERENCES account (id),
  role        text NOT NULL,
  action      text NOT NULL,
  elder_ids   bigint[] NOT NULL DEFAULT '{}',
  fields      text[] NOT NULL DEFAULT '{}',
  purpose     text NOT NULL,
  client_ip   text
);
CREATE INDEX access_audit_elders ON access_audit USING gin (elder_ids);
CREATE INDEX access_audit_at ON access_audit USING brin (at);

-- Staff on duty and where they are, for dispatch from the care map.
CREATE TABLE staff_duty (
  account_id  bigint PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
  on_duty     boolean NOT NULL,
  lon         double precision CHECK (lon BETWEEN -180 AND 180),
  lat         double precision CHECK (lat BETWEEN -90 AND 90),
  updated_at  timestamptz NOT NULL
);

-- The staff member an alert is assigned to (dispatch); NULL until someone takes it.
ALTER TABLE alert ADD COLUMN assignee_id bigint REFERENCES account (id);
CREATE INDEX alert_assignee_open ON alert (assignee_id) WHERE is_open;
