package cn.anxin.platform.privacy;

/**
 * Which device events are about one elder, as SQL conditions on a {@code device_event} row
 * aliased {@code de}. Each {@code ?} is the elder's id.
 */
final class ElderEvents {

  /**
   * Events a device sent while it was bound to the elder: within a period of the binding history,
   * or at any time for a device bound now that has no open history row (registered before the
   * history was kept). Two parameters.
   */
  static final String WHILE_BOUND = "(EXISTS (SELECT 1 FROM device_binding b"
      + " WHERE b.device_id = de.device_id AND b.elder_id = ?"
      + " AND de.event_time >= b.from_at AND (b.to_at IS NULL OR de.event_time < b.to_at))"
      + " OR EXISTS (SELECT 1 FROM device d WHERE d.id = de.device_id AND d.elder_id = ?"
      + " AND NOT EXISTS (SELECT 1 FROM device_binding ob"
      + " WHERE ob.device_id = d.id AND ob.elder_id = d.elder_id AND ob.to_at IS NULL)))";

  /** Events behind the elder's alerts, the cause included. Two parameters. */
  static final String IN_ALERTS = "de.id IN (SELECT ae.event_id FROM alert_event ae"
      + " JOIN alert a ON a.id = ae.alert_id WHERE a.elder_id = ?"
      + " UNION SELECT a.cause_event_id FROM alert a WHERE a.elder_id = ?)";

  /** Device technical messages that say nothing about the person. */
  static final String NOT_TECHNICAL = "de.kind NOT IN ('HEARTBEAT', 'CONNECTIVITY', 'COMMAND_RESULT')";

  private ElderEvents() {}
}
