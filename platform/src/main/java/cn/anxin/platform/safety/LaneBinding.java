package cn.anxin.platform.safety;

/**
 * Whom a device serves, as the safety lane knows it from its snapshot of the registry.
 *
 * @param siteId the elder's responsible site (the one scope is judged by); null when none
 * @param silenced the elder is recorded deceased or was erased: the rules raise nothing, nor does the lane
 */
public record LaneBinding(String deviceId, long elderId, String elderName, Long siteId, String siteName,
    boolean silenced) {}
