-- The family app's MQTT push (docs/notifications.md, "Family app over MQTT").
--
-- App credentials of a FAMILY account: the app connects to the gateway with client_id as its MQTT
-- client identifier and user name and the secret as its password. Only an Argon2id hash of the
-- secret is kept; it is shown once, when issued. An account has at most one live credential:
-- issuing a new one revokes the earlier (a new phone), and revoking keeps the row for the record.
CREATE TABLE family_push_credential (
  id          bigserial PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES account (id),
  client_id   text NOT NULL UNIQUE CHECK (client_id ~ '^family@[a-z0-9]{20}$'),
  secret_hash text NOT NULL,
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE UNIQUE INDEX family_push_credential_live ON family_push_credential (account_id) WHERE revoked_at IS NULL;

-- An APP message whose app was not connected when it was due waits here (PENDING, the attempt not
-- counted) until the app subscribes again, which makes it due at once; a slow re-check covers a
-- subscription that came while the row was being tried.
ALTER TABLE notification_outbox ADD COLUMN awaits_app boolean NOT NULL DEFAULT false;
CREATE INDEX notification_outbox_awaits_app ON notification_outbox (contact_id)
  WHERE awaits_app AND status = 'PENDING';
