package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.command.CommandOutlet;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.Set;

/** Commands leave through the devices' own MQTT connections. */
final class MqttCommandOutlet implements CommandOutlet {

  private final ConnectHandler connects;

  MqttCommandOutlet(ConnectHandler connects) {
    this.connects = connects;
  }

  @Override
  public Set<String> connectedDevices() {
    return connects.connectedDevices();
  }

  @Override
  public boolean accepts(String deviceId, String name) {
    return connects.connectionOf(deviceId).map(c -> c.wantsCommand(name)).orElse(false);
  }

  @Override
  public Optional<Future<Void>> send(String deviceId, String name, Buffer payload) {
    return connects.connectionOf(deviceId)
        .filter(c -> c.wantsCommand(name))
        .map(c -> c.sendCommand(name, payload));
  }
}
