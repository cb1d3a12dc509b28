-- The thin slice: the registry a device event needs (site, elder, device), the device event
-- journal the gateway appends to, quarantined messages, and alerts with the events behind them.

CREATE TABLE site (
  id          bigserial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('DAY_CARE', 'INSTITUTION', 'MEAL_STATION', 'COMMUNITY', 'HOME')),
  address     text,
  lon         double precision CHECK (lon BETWEEN -180 AND 180),
  lat         double precision CHECK (lat BETWEEN -90 AND 90),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE elder (
  id          bigserial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  sex         text CHECK (sex IN ('F', 'M')),
  birth_date  date,
  site_id     bigint REFERENCES site (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device (
  id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._:-]{1,64}$'),
  kind          text NOT NULL CHECK (kind IN ('FALL_RADAR', 'WEARABLE', 'WATER_METER', 'ELECTRICITY_METER', 'MEAL_READER')),
  model         text,
  secret_hash   text NOT NULL,
  enabled       boolean NOT NULL DEFAULT true,
  elder_id      bigint REFERENCES elder (id),
  site_id       bigint REFERENCES site (id),
  room          text,
  last_seen_at  timestamptz,
  battery       smallint CHECK (battery BETWEEN 0 AND 100),
  firmware      text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_elder ON device (elder_id);

-- Every accepted device message, once per (device, msg_id). The gateway commits a row before it
-- acknowledges the message; the platform processes unprocessed rows and marks them.
CREATE TABLE device_event (
  id                    bigserial PRIMARY KEY,
  device_id             text NOT NULL REFERENCES device (id),
  msg_id                text NOT NULL,
  kind                  text NOT NULL,
  event_time            timestamptz NOT NULL,
  event_offset_minutes  integer NOT NULL,
  received_at           timestamptz NOT NULL,
  payload               jsonb NOT NULL,
  processed_at          timestamptz,
  process_error         text,
  UNIQUE (device_id, msg_id)
);
CREATE INDEX device_event_unprocessed ON device_event (id) WHERE processed_at IS NULL;
CREATE INDEX device_event_received ON device_event USING brin (received_at);

-- Messages the gateway refused, kept for inspection; never processed.
CREATE TABLE rejected_message (
  id           bigserial PRIMARY KEY,
  device_id    text,
  topic        text,
  reason       text NOT NULL,
  payload      bytea,
  received_at  timestamptz NOT NULL
);

CREATE TABLE alert (
  id              bigserial PRIMARY KEY,
  elder_id        bigint NOT NULL REFERENCES elder (id),
  rule            text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
  status          text NOT NULL DEFAULT 'OPEN'
                  CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'CALLING', 'DISPATCHED', 'ON_SITE', 'RESOLVED', 'FALSE_ALARM')),
  is_open         boolean GENERATED ALWAYS AS (status NOT IN ('RESOLVED', 'FALSE_ALARM')) STORED,
  raised_at       timestamptz NOT NULL,
  event_time      timestamptz NOT NULL,
  last_event_at   timestamptz NOT NULL,
  event_count     integer NOT NULL DEFAULT 1,
  cause_event_id  bigint NOT NULL REFERENCES device_event (id),
  device_id       text NOT NULL REFERENCES device (id),
  zone            text
);
-- One open alert per elder and rule: a repeat adds to it.
CREATE UNIQUE INDEX alert_one_open ON alert (elder_id, rule) WHERE is_open;
CREATE INDEX alert_open_by_time ON alert (raised_at DESC) WHERE is_open;

-- The device events behind each alert, the first one included.
CREATE TABLE alert_event (
  alert_id  bigint NOT NULL REFERENCES alert (id),
  event_id  bigint NOT NULL REFERENCES device_event (id),
  PRIMARY KEY (alert_id, event_id)
);
