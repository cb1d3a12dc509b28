-- Online / offline as the gateway sees it (connect, DISCONNECT, keep-alive expiry, lost
-- connection), kept current by the platform from the CONNECTIVITY events in the journal.
ALTER TABLE device
  ADD COLUMN online boolean NOT NULL DEFAULT false,
  ADD COLUMN connectivity_changed_at timestamptz,
  ADD COLUMN offline_reason text;
