package cn.anxin.platform.registry;

import java.util.Optional;

/** Whom and where a device serves right now. */
public record DeviceBinding(
    String deviceId, String kind, Optional<Long> elderId, Optional<Long> siteId, Optional<String> room) {}
