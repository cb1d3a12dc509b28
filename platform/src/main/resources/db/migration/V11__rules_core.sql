-- The rules core (docs/rules.md): the rule configuration as numbered versions, and the durable
-- timers of the rules that wait for something to happen or not to happen.

-- Every version of the rule configuration ever saved; a change is a new version, never an update
-- of the document, so this table is also the audit of the configuration: who, when, why. Exactly
-- one version is active (the platform seeds version 1 with the built-in defaults when the table is
-- empty, and each new version takes the flag from the previous one in the same transaction).
CREATE TABLE rule_config (
  version     integer PRIMARY KEY CHECK (version >= 1),
  document    jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
  comment     text NOT NULL CHECK (length(comment) BETWEEN 1 AND 500),
  created_by  bigint REFERENCES account (id),
  created_at  timestamptz NOT NULL,
  active      boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX rule_config_one_active ON rule_config (active) WHERE active;

-- Timers of absence-of-event rules and of "unless X happens within T" rules. A timer is about a
-- device (device_id set: it is keyed by the device, and elder_id, when set, is the elder it was
-- armed for) or about an elder (device_id NULL). While pending (neither fired nor cancelled) there
-- is at most one per subject, rule and purpose, so arming again moves the pending timer instead of
-- adding one. Fired and cancelled timers stay as the record of what the rules waited for.
CREATE TABLE rule_timer (
  id            bigserial PRIMARY KEY,
  elder_id      bigint REFERENCES elder (id),
  device_id     text REFERENCES device (id),
  subject       text GENERATED ALWAYS AS
                  (CASE WHEN device_id IS NOT NULL THEN 'device:' || device_id
                        ELSE 'elder:' || elder_id::text END) STORED,
  rule          text NOT NULL CHECK (rule ~ '^[A-Z][A-Z0-9_]{1,39}$'),
  purpose       text NOT NULL CHECK (purpose ~ '^[A-Za-z0-9._:-]{1,100}$'),
  due_at        timestamptz NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL,
  armed_at      timestamptz NOT NULL,
  fired_at      timestamptz,
  cancelled_at  timestamptz,
  outcome       text,
  CHECK (elder_id IS NOT NULL OR device_id IS NOT NULL),
  CHECK (fired_at IS NULL OR cancelled_at IS NULL)
);
CREATE UNIQUE INDEX rule_timer_pending ON rule_timer (subject, rule, purpose)
  WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX rule_timer_due ON rule_timer (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX rule_timer_elder ON rule_timer (elder_id, created_at DESC) WHERE elder_id IS NOT NULL;
CREATE INDEX rule_timer_device ON rule_timer (device_id, rule, purpose, fired_at DESC) WHERE device_id IS NOT NULL;

-- The rules look back in the journal by device, kind and event time (a cancel after a wearable
-- fall, a dwell after a suspected fall, the previous battery level, a run of vital signs).
CREATE INDEX device_event_device_kind_time ON device_event (device_id, kind, event_time);
