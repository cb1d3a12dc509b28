-- Sites, devices and accounts as the administrators' API writes them.
--
-- A device has at most one open binding row (the current one); rebinding closes it and opens the
-- next in the same transaction. When the secret was last issued is kept (never the secret itself:
-- device.secret_hash is an Argon2id hash), so a rotation can be told from the registration.

CREATE UNIQUE INDEX device_binding_current ON device_binding (device_id) WHERE to_at IS NULL;

ALTER TABLE device ADD COLUMN secret_issued_at timestamptz;
UPDATE device SET secret_issued_at = created_at;

CREATE INDEX device_site ON device (site_id);
