package cn.anxin.gateway.forward;

/**
 * A device event made durable.
 *
 * @param eventId the journal's id for the event
 * @param duplicate true when the device had sent this msgId before and it was already stored
 */
public record Appended(long eventId, boolean duplicate) {}
