package cn.anxin.gateway.command;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.Set;

/** Where commands leave the gateway: the devices connected to this process. */
public interface CommandOutlet {

  /** Devices connected here now. */
  Set<String> connectedDevices();

  /** Whether the device is connected here and subscribed to commands of this name. */
  boolean accepts(String deviceId, String name);

  /**
   * Publishes a command at QoS 1 if the device is connected here and subscribed to it.
   *
   * @return empty when it could not be sent now; else a future completed by the device's PUBACK
   */
  Optional<Future<Void>> send(String deviceId, String name, Buffer payload);
}
