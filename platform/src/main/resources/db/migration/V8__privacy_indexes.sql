-- Look-ups for the privacy operations (docs/privacy.md): the access audit by account, an elder's
-- alerts and device bindings (subject access export, erasure), the consent records of a contact
-- (deleting a contact sets their contact_id to NULL), and meal swipes by credential (erasure
-- clears the credential of every swipe the erased elder made; the meal rules look swipes up by
-- credential too).

CREATE INDEX access_audit_account_at ON access_audit (account_id, at DESC);
CREATE INDEX alert_elder_raised ON alert (elder_id, raised_at DESC);
CREATE INDEX device_binding_elder_from ON device_binding (elder_id, from_at DESC) WHERE elder_id IS NOT NULL;
CREATE INDEX consent_record_contact ON consent_record (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX device_event_swipe_credential ON device_event ((payload #>> '{credential,id}'))
  WHERE kind = 'MEAL_SWIPE';
