package cn.anxin.platform.ingest;

import cn.anxin.gateway.decode.DecodeException;
import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.platform.command.CommandResults;
import cn.anxin.platform.meals.SwipeProcessor;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.registry.DeviceBinding;
import cn.anxin.platform.registry.DeviceBindings;
import cn.anxin.platform.registry.DeviceConnectivity;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.rules.RuleEvent;
import io.vertx.core.buffer.Buffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform does with one stored device event, inside the transaction that marks it
 * processed: decode, registry look-up, device state, then the rules (docs/rules.md).
 */
final class EventProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

  private final PayloadDecoder decoder = new PayloadDecoder();
  private final DeviceBindings bindings = new DeviceBindings();
  private final DeviceConnectivity connectivity = new DeviceConnectivity();
  private final CommandResults commandResults = new CommandResults();
  private final RuleEngine rules;
  private final SwipeProcessor swipes;

  EventProcessor(Clock clock, IdCardVault vault) {
    this.rules = RuleEngine.standard(clock);
    this.swipes = new SwipeProcessor(vault, clock);
  }

  /** Once per batch, before its events: picks up a new rule configuration if one became active. */
  void beforeBatch(Connection c) throws SQLException {
    rules.beforeBatch(c);
  }

  /** The ids of the alerts the event raised or added to. */
  Set<Long> process(Connection c, JournalRow row) throws SQLException, DecodeException {
    DeviceEvent event = decoder.decode(
        row.deviceId(), EventKind.valueOf(row.kind()), Buffer.buffer(row.payload()), row.receivedAt());
    Optional<DeviceBinding> binding = bindings.find(c, row.deviceId());
    if (binding.isEmpty()) {
      return Set.of();
    }
    updateDevice(c, row, event);
    if (event.body() instanceof EventBody.MealSwiped swipe) {
      return mealServed(c, row, event, swipe, binding.get());
    }
    Optional<RuleEvent> forRules = RuleEvent.of(row.id(), event, binding.get());
    if (forRules.isEmpty()) {
      if (event.kind() == EventKind.FALL || event.kind() == EventKind.SOS) {
        LOG.warn("{} from device {} which is bound to no elder; no alert raised", event.kind(), row.deviceId());
      }
      return Set.of();
    }
    return rules.onEvent(c, forRules.get()).alertIds();
  }

  /**
   * A meal-station swipe: recorded (docs/meals.md), then, when it named an elder, handed to the
   * rules as an event of that elder (the meal no-show rule counts it as the elder's attendance).
   */
  private Set<Long> mealServed(Connection c, JournalRow row, DeviceEvent event, EventBody.MealSwiped swipe,
      DeviceBinding binding) throws SQLException {
    SwipeProcessor.Recorded recorded =
        swipes.record(c, row.id(), row.deviceId(), swipe, event.eventTime().toInstant(), binding);
    if (recorded.elderId().isEmpty()) {
      return Set.of();
    }
    RuleEvent diner = new RuleEvent(row.id(), row.deviceId(), binding.kind(), recorded.elderId().get(),
        event.msgId(), event.kind(), event.body(), event.eventTime().toInstant(), event.receivedAt(),
        Optional.empty());
    return rules.onEvent(c, diner).alertIds();
  }

  /** The device's own state: online, command results, last seen, battery and firmware. */
  private void updateDevice(Connection c, JournalRow row, DeviceEvent event) throws SQLException {
    if (event.body() instanceof EventBody.Connectivity change) {
      connectivity.apply(c, row.deviceId(), change, row.receivedAt());
      return;
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
  }
}
