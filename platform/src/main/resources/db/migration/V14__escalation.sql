-- Escalation of alerts on durable timers, and rule 19 (SLA breach); package cn.anxin.platform.escalation.
--
-- An alert that nobody acknowledges in time rises to level 1 (the site's supervisors and the
-- family are told, and reminded until someone acknowledges); one that is not resolved in time rises
-- to level 2 (the bureau's command centre is told). Thresholds are per site and severity
-- (escalation_policy), taken when the alert is first seen (escalation_plan), and kept as timers
-- (escalation_timer) fired FOR UPDATE SKIP LOCKED, so they survive a restart and fire once.

-- The escalation level of an alert: a level that rises on timers, not a status.
ALTER TABLE alert
  ADD COLUMN escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
  ADD COLUMN escalated_at timestamptz;
COMMENT ON COLUMN alert.escalation_level IS
  'Escalation level: 0 none; 1 not acknowledged in time (site supervisors and family told); 2 not resolved in time (bureau command centre told)';
COMMENT ON COLUMN alert.escalated_at IS 'When the escalation level last rose (to the second)';

-- Per-site escalation settings, versioned like rule_config: nothing is updated in place, every
-- save is a new version with its author, time and comment; exactly one version per site is active.
-- A site without a row uses the defaults (version 0).
CREATE TABLE escalation_policy (
  id          bigserial PRIMARY KEY,
  site_id     bigint NOT NULL REFERENCES site (id),
  version     integer NOT NULL CHECK (version >= 1),
  document    jsonb NOT NULL,
  comment     text CHECK (length(comment) <= 500),
  created_by  bigint REFERENCES account (id),
  created_at  timestamptz NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  UNIQUE (site_id, version)
);
CREATE UNIQUE INDEX escalation_policy_active ON escalation_policy (site_id) WHERE active;
COMMENT ON TABLE escalation_policy IS 'Per-site escalation thresholds and recipients, one row per saved version (the audit of changes)';

-- Which alerts have had their escalation timers armed, with the thresholds then in force: a later
-- change of the site's settings applies to alerts raised after it.
CREATE TABLE escalation_plan (
  alert_id        bigint PRIMARY KEY REFERENCES alert (id),
  planned_at      timestamptz NOT NULL,
  site_id         bigint REFERENCES site (id),
  policy_version  integer,
  thresholds      jsonb NOT NULL
);
COMMENT ON TABLE escalation_plan IS 'Alerts whose escalation timers were armed, with the thresholds of their severity then in force';
-- Alerts from before this version are history: they are not escalated now.
INSERT INTO escalation_plan (alert_id, planned_at, thresholds)
  SELECT id, now(), '{"history": true}'::jsonb FROM alert;

-- The durable timers: ACKNOWLEDGE (level 1 when not acknowledged by due_at), REMIND (repeat to the
-- supervisors while still not acknowledged), RESOLVE (level 2 when not closed by due_at). Fired and
-- cancelled timers stay as the record, with what came of them in outcome.
CREATE TABLE escalation_timer (
  id            bigserial PRIMARY KEY,
  alert_id      bigint NOT NULL REFERENCES alert (id),
  step          text NOT NULL CHECK (step IN ('ACKNOWLEDGE', 'REMIND', 'RESOLVE')),
  due_at        timestamptz NOT NULL,
  created_at    timestamptz NOT NULL,
  fired_at      timestamptz,
  cancelled_at  timestamptz,
  outcome       text CHECK (length(outcome) <= 1000),
  CHECK (fired_at IS NULL OR cancelled_at IS NULL)
);
CREATE UNIQUE INDEX escalation_timer_pending ON escalation_timer (alert_id, step)
  WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX escalation_timer_due ON escalation_timer (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX escalation_timer_alert ON escalation_timer (alert_id, id);

-- Each rise of an alert's escalation (and each reminder), to the second; shown in the alert's
-- timeline. Notifications about it are planned in the same transaction (notification_outbox.escalation_id).
CREATE TABLE alert_escalation (
  id        bigserial PRIMARY KEY,
  alert_id  bigint NOT NULL REFERENCES alert (id),
  kind      text NOT NULL CHECK (kind IN ('SUPERVISOR', 'REMINDER', 'BUREAU')),
  level     smallint NOT NULL CHECK (level BETWEEN 1 AND 2),
  reminder  integer CHECK ((reminder IS NOT NULL) = (kind = 'REMINDER')),
  at        timestamptz NOT NULL CHECK (at = date_trunc('second', at)),
  due_at    timestamptz NOT NULL,
  timer_id  bigint NOT NULL UNIQUE REFERENCES escalation_timer (id)
);
CREATE INDEX alert_escalation_alert ON alert_escalation (alert_id, at, id);
COMMENT ON TABLE alert_escalation IS 'Each rise of an alert''s escalation level, and each reminder, with its time to the second';

-- Rule 19: service-level breaches. One row per alert and SLA it missed: ACKNOWLEDGE (not
-- acknowledged within target_seconds of the raise) or RESOLVE (not closed within target_seconds).
-- Written when the timer finds the alert still waiting, or, when someone acted after the target but
-- before the timer's turn, then. Indicators (see docs/alert-life.md, "Service levels"):
--   share of P1 acknowledged in time = 1 - (P1 alerts with an ACKNOWLEDGE breach) / (P1 alerts)
--   share of P1 resolved in time     = 1 - (P1 alerts with a RESOLVE breach) / (P1 alerts)
CREATE TABLE sla_breach (
  id              bigserial PRIMARY KEY,
  alert_id        bigint NOT NULL REFERENCES alert (id),
  sla             text NOT NULL CHECK (sla IN ('ACKNOWLEDGE', 'RESOLVE')),
  severity        text NOT NULL CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
  site_id         bigint REFERENCES site (id),
  raised_at       timestamptz NOT NULL,
  target_seconds  integer NOT NULL CHECK (target_seconds > 0),
  due_at          timestamptz NOT NULL,
  detected_at     timestamptz NOT NULL,
  met_at          timestamptz,
  UNIQUE (alert_id, sla)
);
CREATE INDEX sla_breach_raised ON sla_breach (raised_at, severity);
COMMENT ON TABLE sla_breach IS 'Rule 19: an alert not acknowledged (sla ACKNOWLEDGE) or not closed (sla RESOLVE) within its target';
COMMENT ON COLUMN sla_breach.target_seconds IS 'The target in force for the alert (site escalation settings, severity)';
COMMENT ON COLUMN sla_breach.met_at IS 'When the alert was finally acknowledged or closed, late; NULL while still waiting at detection';

-- Escalation messages go through the notification outbox: a row comes either from a transition
-- (as before) or from an escalation; escalation rows go to a family contact, to an account (a
-- site supervisor, a bureau account) or to the bureau's configured e-mail address (payload "to").
ALTER TABLE notification_outbox
  ALTER COLUMN transition_id DROP NOT NULL,
  ADD COLUMN escalation_id bigint REFERENCES alert_escalation (id),
  ADD COLUMN account_id bigint REFERENCES account (id),
  ADD CONSTRAINT notification_outbox_one_origin CHECK ((transition_id IS NULL) <> (escalation_id IS NULL)),
  ADD CONSTRAINT notification_outbox_account_from_escalation CHECK (account_id IS NULL OR escalation_id IS NOT NULL);
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_event_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_event_check CHECK (event IN
  ('ALERT_RAISED', 'ALERT_CHANGED', 'ALERT_CLOSED', 'ALERT_ESCALATED', 'ALERT_REMINDER', 'ALERT_BUREAU'));
CREATE INDEX notification_outbox_escalation ON notification_outbox (escalation_id) WHERE escalation_id IS NOT NULL;
