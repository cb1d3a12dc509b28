-- Commands sent down to devices (silence a buzzer, confirm an alarm), durable so that a command
-- survives a restart, reaches a device that reconnects in time, and always ends with a result.
CREATE TABLE device_command (
  id            uuid PRIMARY KEY,
  device_id     text NOT NULL REFERENCES device (id),
  name          text NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]{0,31}$'),
  args          jsonb NOT NULL DEFAULT '{}'::jsonb,
  status        text NOT NULL DEFAULT 'PENDING'
                CHECK (status IN ('PENDING', 'SENT', 'DELIVERED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT')),
  detail        text,
  requested_by  text,
  created_at    timestamptz NOT NULL,
  deadline      timestamptz NOT NULL,
  sent_at       timestamptz,
  delivered_at  timestamptz,
  completed_at  timestamptz
);
CREATE INDEX device_command_open ON device_command (device_id, created_at)
  WHERE status IN ('PENDING', 'SENT', 'DELIVERED');
