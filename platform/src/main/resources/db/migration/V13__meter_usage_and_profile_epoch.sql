-- Water and electricity use per elder in half hours (the rules of the meters, docs/rules.md), and a
-- change counter that lets the rule engine cache elder profiles between registry changes.

-- How much water and electricity an elder used in each half hour: the sum of the interval amounts
-- their meters reported for it. Maintained by the rule step (RuleEngine) in the transaction that
-- processes each reading, with additive upserts, so a late or out-of-order reading lands in the
-- half hour it measured whatever the order of arrival. A reading whose interval spans several half
-- hours (a 60-minute or daily meter) is spread over them in proportion. Interval amounts, not
-- register differences, are summed: a register that rolls over or is reset cannot make a negative
-- or a giant half hour. A second reading of a device for the same interval end (a resend under a
-- new msgId) is not added. Read by the meter rules (7-13) and, later, the dashboards.
CREATE TABLE meter_usage (
  elder_id  bigint NOT NULL REFERENCES elder (id),
  kind      text NOT NULL CHECK (kind IN ('WATER', 'ELECTRICITY')),
  bucket    timestamptz NOT NULL CHECK (bucket = date_bin('30 minutes', bucket, timestamptz '2000-01-01 00:00:00+00')),
  amount    double precision NOT NULL CHECK (amount >= 0),
  readings  integer NOT NULL CHECK (readings >= 1),
  PRIMARY KEY (elder_id, kind, bucket)
);
COMMENT ON TABLE meter_usage IS
  'Water and electricity used per elder and half hour, summed from meter readings by the rule step; '
  'late and out-of-order readings land in their own half hour. See docs/rules.md, meters.';
COMMENT ON COLUMN meter_usage.kind IS 'WATER (amount in litres) or ELECTRICITY (amount in watt-hours)';
COMMENT ON COLUMN meter_usage.bucket IS
  'Start of the half hour (date_bin 30 minutes; China Standard Time is a whole number of hours ahead of UTC, '
  'so half hours are the same in both)';
COMMENT ON COLUMN meter_usage.amount IS
  'Litres (WATER) or watt-hours (ELECTRICITY) used in the half hour, all meters of the elder together';
COMMENT ON COLUMN meter_usage.readings IS 'How many readings contributed to the half hour';

-- One row; raised in the transaction of every change to what the rules read of an elder (categories,
-- risk tier, erasure, status periods, ability assessments). The rule engine reads it once per batch
-- and drops its cached profiles when it moved.
CREATE TABLE elder_profile_epoch (
  one    boolean PRIMARY KEY DEFAULT true CHECK (one),
  epoch  bigint NOT NULL
);
INSERT INTO elder_profile_epoch (one, epoch) VALUES (true, 0);

CREATE FUNCTION elder_profile_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE elder_profile_epoch SET epoch = epoch + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER elder_profile_changed AFTER INSERT OR UPDATE OR DELETE ON elder
  FOR EACH STATEMENT EXECUTE FUNCTION elder_profile_changed();
CREATE TRIGGER elder_profile_changed AFTER INSERT OR UPDATE OR DELETE ON elder_status
  FOR EACH STATEMENT EXECUTE FUNCTION elder_profile_changed();
CREATE TRIGGER elder_profile_changed AFTER INSERT OR UPDATE OR DELETE ON ability_assessment
  FOR EACH STATEMENT EXECUTE FUNCTION elder_profile_changed();
