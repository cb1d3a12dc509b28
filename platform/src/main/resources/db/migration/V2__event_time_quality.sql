-- Event time quality. Device clocks are wrong and uploads are late, so the journal keeps the
-- device's own time apart from the time the platform files the event by:
--   event_time     the effective event time (unchanged meaning for readers: order and window by it)
--   device_time    the ts the device sent, as it sent it
--   time_flag      OK, LATE (more than 15 min behind the receive time) or CLOCK_AHEAD (more than
--                  5 min ahead: event_time is then bounded to received_at); see the gateway's TimePolicy
--   clock_skew_ms  device_time - received_at in milliseconds: > 0 clock ahead, < 0 late or clock behind
-- device_time and clock_skew_ms stay NULL only for rows written without them (tools, old tests).

ALTER TABLE device_event
  ADD COLUMN device_time    timestamptz,
  ADD COLUMN time_flag      text NOT NULL DEFAULT 'OK' CHECK (time_flag IN ('OK', 'LATE', 'CLOCK_AHEAD')),
  ADD COLUMN clock_skew_ms  bigint;

-- Rows stored before: judged by the default policy, as the gateway now does.
UPDATE device_event
   SET device_time = event_time,
       clock_skew_ms = round(extract(epoch FROM event_time - received_at) * 1000),
       time_flag = CASE
                     WHEN event_time > received_at + interval '5 minutes' THEN 'CLOCK_AHEAD'
                     WHEN event_time < received_at - interval '15 minutes' THEN 'LATE'
                     ELSE 'OK'
                   END;
UPDATE device_event SET event_time = received_at WHERE time_flag = 'CLOCK_AHEAD';

-- A device's events by effective time (meter series, "what happened before this fall").
CREATE INDEX device_event_device_time ON device_event (device_id, event_time);
-- Flagged rows, for the clock-quality dashboard; most rows are OK.
CREATE INDEX device_event_time_flagged ON device_event (received_at) WHERE time_flag <> 'OK';
