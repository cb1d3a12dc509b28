package cn.anxin.platform.safety;

/**
 * Whom a device serves, as the safety lane knows it from its snapshot of the registry.
 *
 * @param siteId the elder's responsible site (the one scope is judged by); null when none
 */
public record LaneBinding(String deviceId, long elderId, String elderName, Long siteId, String siteName,
    String room) {}
