package cn.anxin.gateway.mqtt;

import io.netty.channel.Channel;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts reading one connection's socket, so a device that sends faster than the
 * gateway stores is slowed down by TCP flow control instead of filling memory.
 *
 * <p>Vert.x MQTT 5.0 gives server endpoints no pause; this reaches the endpoint's Netty channel and
 * switches auto-read, as Netty-based brokers do. If a Vert.x upgrade moves the field, reads cannot
 * be paused: this is logged once and {@link #available()} turns false (a test watches for it).
 */
final class SocketReads {

  private static final Logger LOG = LoggerFactory.getLogger(SocketReads.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final Channel channel;

  private SocketReads(Channel channel) {
    this.channel = channel;
  }

  static SocketReads of(MqttEndpoint endpoint) {
    try {
      Field conn = endpoint.getClass().getDeclaredField("conn");
      conn.setAccessible(true);
      NetSocketInternal socket = (NetSocketInternal) conn.get(endpoint);
      return new SocketReads(socket.channelHandlerContext().channel());
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("cannot pause MQTT sockets with this Vert.x ({}); flow control falls back to"
            + " acknowledgement windows only", e.toString());
      }
      return new SocketReads(null);
    }
  }

  boolean available() {
    return channel != null;
  }

  void pause() {
    if (channel != null) {
      channel.config().setAutoRead(false);
    }
  }

  void resume() {
    if (channel != null) {
      channel.config().setAutoRead(true);
    }
  }

  boolean paused() {
    return channel != null && !channel.config().isAutoRead();
  }
}
