-- The alert life cycle (DOMAIN.md "Alert life"): OPEN -> ACKNOWLEDGED -> CALLING -> DISPATCHED ->
-- ON_SITE -> RESOLVED, or FALSE_ALARM from any open status; forward only, steps may be skipped,
-- closed is final. Every change is a row of alert_transition, timestamped to the second, by whom;
-- the raise itself is the first row (from NULL to OPEN, account NULL = the system).
--
-- Closing needs a disposition code (the rules are enforced by the API, cn.anxin.platform.alerts):
--   RESOLVED     REAL_EVENT (a real need, handled), DUPLICATE (the same incident is handled in
--                another alert), OTHER (a note is required)
--   FALSE_ALARM  FALSE_ALARM_DEVICE (the sensor saw something that was not there),
--                FALSE_ALARM_BEHAVIOUR (a real movement taken for an incident: the elder dropped
--                something, sat down hard, lay on the floor on purpose), DEVICE_FAULT (a broken or
--                badly installed device: needs a technician), ELDER_AWAY (the elder was not there:
--                staying with family, in hospital), TEST (an installation test or a drill),
--                OTHER (a note is required)
-- Rows closed before this version (set by hand) keep a NULL disposition.

ALTER TABLE alert
  ADD COLUMN acknowledged_at  timestamptz,
  ADD COLUMN closed_at        timestamptz,
  ADD COLUMN disposition      text CHECK (disposition IN ('REAL_EVENT', 'FALSE_ALARM_DEVICE',
                                'FALSE_ALARM_BEHAVIOUR', 'DEVICE_FAULT', 'ELDER_AWAY', 'DUPLICATE', 'TEST', 'OTHER')),
  ADD COLUMN closing_note     text CHECK (length(closing_note) <= 1000),
  ADD CONSTRAINT alert_disposition_fits_status CHECK (disposition IS NULL
    OR (status = 'RESOLVED' AND disposition IN ('REAL_EVENT', 'DUPLICATE', 'OTHER'))
    OR (status = 'FALSE_ALARM' AND disposition IN ('FALSE_ALARM_DEVICE', 'FALSE_ALARM_BEHAVIOUR',
                                                    'DEVICE_FAULT', 'ELDER_AWAY', 'TEST', 'OTHER')));

CREATE TABLE alert_transition (
  id           bigserial PRIMARY KEY,
  alert_id     bigint NOT NULL REFERENCES alert (id),
  from_status  text CHECK (from_status IN ('OPEN', 'ACKNOWLEDGED', 'CALLING', 'DISPATCHED', 'ON_SITE')),
  to_status    text NOT NULL CHECK (to_status IN ('OPEN', 'ACKNOWLEDGED', 'CALLING', 'DISPATCHED', 'ON_SITE',
                                                  'RESOLVED', 'FALSE_ALARM')),
  at           timestamptz NOT NULL CHECK (at = date_trunc('second', at)),
  account_id   bigint REFERENCES account (id),
  note         text CHECK (length(note) <= 1000),
  disposition  text CHECK (disposition IN ('REAL_EVENT', 'FALSE_ALARM_DEVICE', 'FALSE_ALARM_BEHAVIOUR',
                                            'DEVICE_FAULT', 'ELDER_AWAY', 'DUPLICATE', 'TEST', 'OTHER')),
  -- DISPATCHED (and ON_SITE without a dispatch before it): the staff member sent.
  assignee_id  bigint REFERENCES account (id),
  -- The raise is the only row from NULL, and it goes to OPEN; only closing rows carry a disposition.
  CHECK ((from_status IS NULL) = (to_status = 'OPEN')),
  CHECK (disposition IS NULL OR to_status IN ('RESOLVED', 'FALSE_ALARM'))
);
CREATE INDEX alert_transition_alert ON alert_transition (alert_id, at, id);
-- One raise per alert.
CREATE UNIQUE INDEX alert_transition_one_raise ON alert_transition (alert_id) WHERE from_status IS NULL;

-- Alert history by time across all elders (GET /api/alerts/history); by elder exists already.
CREATE INDEX alert_raised ON alert (raised_at DESC, id DESC);

-- Alerts raised before this version: their raise, when it happened. Status changes made by hand
-- before it were never recorded and are not invented here.
INSERT INTO alert_transition (alert_id, from_status, to_status, at)
  SELECT id, NULL, 'OPEN', date_trunc('second', raised_at) FROM alert ORDER BY id;
