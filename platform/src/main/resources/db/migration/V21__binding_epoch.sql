-- One row; raised in the transaction of every change to what the safety lane keeps in memory of the
-- registry: which elder and site a device serves, the names it shows, and whether the elder is
-- deceased or erased (then the lane stays silent, as the rules do). The lane polls it and
-- reloads its snapshot when it moved. last_seen_at, battery and firmware (written on every device
-- message) are not among the columns, so device traffic never raises it.
CREATE TABLE binding_epoch (
  one    boolean PRIMARY KEY DEFAULT true CHECK (one),
  epoch  bigint NOT NULL
);
INSERT INTO binding_epoch (one, epoch) VALUES (true, 0);

CREATE FUNCTION binding_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE binding_epoch SET epoch = epoch + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER binding_changed AFTER INSERT OR DELETE OR UPDATE OF elder_id, site_id, room, enabled ON device
  FOR EACH STATEMENT EXECUTE FUNCTION binding_changed();
CREATE TRIGGER binding_changed AFTER INSERT OR DELETE OR UPDATE OF name, site_id, erased_at ON elder
  FOR EACH STATEMENT EXECUTE FUNCTION binding_changed();
CREATE TRIGGER binding_changed AFTER INSERT OR DELETE OR UPDATE ON elder_status
  FOR EACH STATEMENT EXECUTE FUNCTION binding_changed();
CREATE TRIGGER binding_changed AFTER INSERT OR DELETE OR UPDATE OF name ON site
  FOR EACH STATEMENT EXECUTE FUNCTION binding_changed();
