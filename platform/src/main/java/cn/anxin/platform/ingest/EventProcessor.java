package cn.anxin.platform.ingest;

import cn.anxin.gateway.decode.DecodeException;
import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.platform.alerts.AlertRequest;
import cn.anxin.platform.alerts.AlertStore;
import cn.anxin.platform.command.CommandResults;
import cn.anxin.platform.registry.DeviceBinding;
import cn.anxin.platform.registry.DeviceConnectivity;
import cn.anxin.platform.registry.DeviceBindings;
import cn.anxin.platform.rules.FallRule;
import io.vertx.core.buffer.Buffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform does with one stored device event, inside the transaction that marks it
 * processed: registry look-up, device state, rules, alerts.
 */
final class EventProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

  private final PayloadDecoder decoder = new PayloadDecoder();
  private final DeviceBindings bindings = new DeviceBindings();
  private final FallRule fallRule = new FallRule();
  private final AlertStore alerts = new AlertStore();
  private final DeviceConnectivity connectivity = new DeviceConnectivity();
  private final CommandResults commandResults = new CommandResults();
  private final Clock clock;

  EventProcessor(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The id of the alert the event raised or added to, if any. */
  Optional<Long> process(Connection c, JournalRow row) throws SQLException, DecodeException {
    DeviceEvent event = decoder.decode(
        row.deviceId(), EventKind.valueOf(row.kind()), Buffer.buffer(row.payload()), row.receivedAt());
    Optional<DeviceBinding> binding = bindings.find(c, row.deviceId());
    if (binding.isEmpty()) {
      return Optional.empty();
    }
    if (event.body() instanceof EventBody.Connectivity change) {
      connectivity.apply(c, row.deviceId(), change, row.receivedAt());
      return Optional.empty();
    }
    if (event.body() instanceof EventBody.CommandResult result
        && !commandResults.apply(c, row.deviceId(), result, row.receivedAt())) {
      LOG.warn("result from {} for command {} which is not its own or no longer open",
          row.deviceId(), result.cmdId());
    }
    Integer battery = null;
    String firmware = null;
    if (event.body() instanceof EventBody.Heartbeat heartbeat) {
      battery = heartbeat.battery().orElse(null);
      firmware = heartbeat.firmware().orElse(null);
    }
    bindings.seen(c, row.deviceId(), row.receivedAt(), battery, firmware);
    Optional<AlertRequest> request = fallRule.evaluate(row.id(), event, binding.get().elderId());
    if (request.isEmpty()) {
      if (event.kind() == EventKind.FALL) {
        LOG.warn("fall from device {} which is bound to no elder; no alert raised", row.deviceId());
      }
      return Optional.empty();
    }
    AlertStore.Raised raised = alerts.raise(c, request.get(), clock.instant());
    LOG.info("{} alert {} for elder {} from event {}",
        raised.created() ? "raised" : "repeated", raised.alertId(), request.get().elderId(), row.id());
    return Optional.of(raised.alertId());
  }
}
