-- Notifications to families and to sites' own systems (package cn.anxin.platform.notify).
--
-- Every committed alert_transition row is planned exactly once into the outbox: what to send, to
-- whom, on which channel, when. A dispatcher sends due rows, retries with back-off and, after the
-- last attempt, marks a row DEAD and leaves an administrator notice. The alert tables are only
-- read; nothing here changes them.

-- Webhook subscriptions of a site: alerts of the site's elders are POSTed to the URL as JSON,
-- signed with HMAC-SHA256 under the secret (shown once, when the subscription is created).
-- Removing one keeps the row (inactive, removed_at set), so the outbox keeps its recipient.
CREATE TABLE webhook_subscription (
  id           bigserial PRIMARY KEY,
  site_id      bigint NOT NULL REFERENCES site (id),
  url          text NOT NULL CHECK (url ~ '^https?://[^\s]+$' AND length(url) <= 2000),
  secret       text NOT NULL CHECK (length(secret) >= 32),
  events       text[] NOT NULL DEFAULT ARRAY['ALERT_RAISED', 'ALERT_CHANGED', 'ALERT_CLOSED']
               CHECK (cardinality(events) > 0
                      AND events <@ ARRAY['ALERT_RAISED', 'ALERT_CHANGED', 'ALERT_CLOSED']::text[]),
  severities   text[] NOT NULL DEFAULT ARRAY['P1', 'P2', 'P3', 'P4']
               CHECK (cardinality(severities) > 0 AND severities <@ ARRAY['P1', 'P2', 'P3', 'P4']::text[]),
  description  text CHECK (length(description) <= 200),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL,
  created_by   bigint REFERENCES account (id),
  removed_at   timestamptz,
  CHECK (removed_at IS NULL OR NOT active)
);
CREATE INDEX webhook_subscription_site ON webhook_subscription (site_id) WHERE active;

-- Quiet hours of a family contact (local time of `zone`): P3 and P4 notifications falling inside
-- wait for the end; P1 and P2 are never held. starts > ends spans midnight (22:00-07:00).
CREATE TABLE contact_quiet_hours (
  contact_id  bigint PRIMARY KEY REFERENCES elder_contact (id) ON DELETE CASCADE,
  starts      time NOT NULL,
  ends        time NOT NULL,
  zone        text NOT NULL DEFAULT 'Asia/Shanghai',
  updated_at  timestamptz NOT NULL,
  updated_by  bigint REFERENCES account (id),
  CHECK (starts <> ends)
);

-- The outbox. One row per message: transition x recipient x channel (idempotency_key says which,
-- and is sent along as X-Anxin-Delivery so receivers can drop repeats). Family rows point at the
-- contact (NULL once the contact is removed: the row is then skipped) and keep no personal data:
-- the text is written when it is sent, from the contact and elder as they are then. Webhook rows
-- keep the exact JSON body to sign and send.
--   PENDING    waiting until next_attempt_at (first try, quiet hours, or back-off)
--   SENDING    taken by a dispatcher until next_attempt_at (its lease); a lease that runs out
--              (the process died mid-send) makes the row due again
--   DELIVERED  the receiver accepted it; receipt says how (SMTP Message-ID, HTTP status and id)
--   DEAD       every attempt failed (or the failure was permanent); an admin_notice row is written
--   SKIPPED    deliberately not sent: skip_reason says why (channel not built, no address, consent
--              withdrawn, contact or webhook removed, superseded by the closing message)
CREATE TABLE notification_outbox (
  id               bigserial PRIMARY KEY,
  idempotency_key  text NOT NULL UNIQUE,
  transition_id    bigint NOT NULL REFERENCES alert_transition (id),
  alert_id         bigint NOT NULL REFERENCES alert (id),
  event            text NOT NULL CHECK (event IN ('ALERT_RAISED', 'ALERT_CHANGED', 'ALERT_CLOSED')),
  channel          text NOT NULL CHECK (channel IN ('SMS', 'EMAIL', 'APP', 'VOICE', 'WEBHOOK')),
  contact_id       bigint REFERENCES elder_contact (id) ON DELETE SET NULL,
  webhook_id       bigint REFERENCES webhook_subscription (id),
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'PENDING'
                   CHECK (status IN ('PENDING', 'SENDING', 'DELIVERED', 'DEAD', 'SKIPPED')),
  skip_reason      text CHECK ((skip_reason IS NULL) = (status <> 'SKIPPED')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at       timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  last_error       text CHECK (length(last_error) <= 1000),
  delivered_at     timestamptz CHECK ((delivered_at IS NOT NULL) = (status = 'DELIVERED')),
  receipt          text CHECK (length(receipt) <= 500),
  CHECK ((channel = 'WEBHOOK') = (webhook_id IS NOT NULL))
);
-- The dispatcher's claim: due rows, oldest due first.
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at, id)
  WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX notification_outbox_alert ON notification_outbox (alert_id, id);
CREATE INDEX notification_outbox_dead ON notification_outbox (updated_at DESC, id DESC) WHERE status = 'DEAD';
CREATE INDEX notification_outbox_contact ON notification_outbox (contact_id) WHERE contact_id IS NOT NULL;

-- Which transitions have been planned (one row each, written in the planning transaction).
CREATE TABLE notification_planning (
  transition_id  bigint PRIMARY KEY REFERENCES alert_transition (id),
  planned_at     timestamptz NOT NULL,
  messages       integer NOT NULL DEFAULT 0,
  error          text CHECK (length(error) <= 1000)
);

-- Every transition with id <= below is planned (or was there before notifications existed): the
-- planner looks only above it. It moves up only past transitions that are planned and older than
-- a grace period, so a transition committed late (a lower id, visible later) is never passed by.
CREATE TABLE notification_planner (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  below     bigint NOT NULL
);
-- Alerts from before this version are history: their families are not told now.
INSERT INTO notification_planner (below) SELECT COALESCE(max(id), 0) FROM alert_transition;

-- Notices for administrators: something needs a person (a notification that could not be sent).
CREATE TABLE admin_notice (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('NOTIFICATION_DEAD', 'NOTIFICATION_PLANNING_FAILED')),
  outbox_id    bigint REFERENCES notification_outbox (id),
  alert_id     bigint REFERENCES alert (id),
  detail       text NOT NULL CHECK (length(detail) <= 1000),
  resolved_at  timestamptz
);
CREATE INDEX admin_notice_open ON admin_notice (at DESC) WHERE resolved_at IS NULL;
