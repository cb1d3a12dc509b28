package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventBody;
import cn.anxin.platform.alerts.AlertRequest;
import java.util.Optional;

/** Catalogue rule 2: a confirmed fall is a P1 alert for the elder the device is bound to. */
public final class FallRule {

  public static final String CODE = "FALL";

  public Optional<AlertRequest> evaluate(long eventId, DeviceEvent event, Optional<Long> elderId) {
    if (!(event.body() instanceof EventBody.FallDetected fall) || elderId.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AlertRequest(
        elderId.get(), CODE, "P1", eventId, event.deviceId(), event.eventTime().toInstant(), fall.zone()));
  }
}
