package cn.anxin.gateway.forward;

import cn.anxin.gateway.decode.DeviceEvent;
import io.vertx.core.Future;

/**
 * Where the gateway hands a device event over. The future completes only once the event is
 * durable: the gateway sends the PUBACK after that and not before.
 */
public interface EventJournal {

  /**
   * Event-bus address on which the journal announces newly stored events after each commit (a
   * wake-up: the highest new id of the committed batch, not every id).
   */
  String STORED_ADDRESS = "anxin.gateway.event-stored";

  Future<Appended> append(DeviceEvent event);
}
