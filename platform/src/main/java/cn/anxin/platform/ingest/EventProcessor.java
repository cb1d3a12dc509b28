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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform does with one stored device event, inside the transaction that marks it
 * processed: decode, registry look-up, device state, then the rules (docs/rules.md).
 *
 * <p>Per batch: the devices of the batch are looked up in one statement ({@link #beforeBatch}), and
 * what each device said of itself (last seen, battery, firmware) is written in one statement for
 * the batch ({@link #afterBatch}), with the latest of its events that were processed. Nothing else
 * is deferred: the rules see the registry's device state as it was before the batch.
 */
final class EventProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

  private final PayloadDecoder decoder = new PayloadDecoder();
  private final DeviceBindings bindings = new DeviceBindings();
  private final DeviceConnectivity connectivity = new DeviceConnectivity();
  private final CommandResults commandResults = new CommandResults();
  private final Clock clock;
  private final IdCardVault vault;
  private RuleEngine rules;
  private SwipeProcessor swipes;

  EventProcessor(Clock clock, IdCardVault vault) {
    this.clock = clock;
    this.vault = vault;
    this.rules = RuleEngine.forJournal(clock);
    this.swipes = new SwipeProcessor(vault, clock);
  }

  /**
   * Forgets what the rules and the meal step keep in memory, after a rollback (to a savepoint or of
   * the batch) undid work they remember; the batch's devices and what they said are kept.
   */
  void forgetMemory(Connection c) throws SQLException {
    rules = RuleEngine.forJournal(clock);
    swipes = new SwipeProcessor(vault, clock);
    rules.beforeBatch(c);
  }

  /** The batch's devices as the registry binds them, looked up once per batch. */
  private Map<String, DeviceBinding> batchBindings = Map.of();
  /** Per device (sorted, so two consumers lock device rows in one order): what it said of itself. */
  private final Map<String, DeviceBindings.Seen> seen = new TreeMap<>();
  /** What the event being processed said of its device; kept only when the event is processed. */
  private DeviceBindings.Seen pendingSeen;

  /**
   * Once per batch, before its events: picks up a new rule configuration if one became active, and
   * looks up the batch's devices.
   */
  void beforeBatch(Connection c, List<JournalRow> rows) throws SQLException {
    rules.beforeBatch(c);
    Set<String> devices = new LinkedHashSet<>();
    rows.forEach(row -> devices.add(row.deviceId()));
    batchBindings = bindings.findAll(c, devices);
    seen.clear();
  }

  /** Once per batch, after its events: records when each device was last heard, and what it reported. */
  void afterBatch(Connection c) throws SQLException {
    bindings.seenAll(c, new ArrayList<>(seen.values()));
    seen.clear();
    batchBindings = Map.of();
  }

  /** The ids of the alerts the event raised or added to. */
  Set<Long> process(Connection c, JournalRow row) throws SQLException, DecodeException {
    pendingSeen = null;
    Set<Long> alerts = processEvent(c, row);
    if (pendingSeen != null) {
      DeviceBindings.Seen now = pendingSeen;
      seen.merge(now.deviceId(), now, (before, after) -> new DeviceBindings.Seen(after.deviceId(),
          after.at().isAfter(before.at()) ? after.at() : before.at(),
          after.battery() != null ? after.battery() : before.battery(),
          after.firmware() != null ? after.firmware() : before.firmware()));
      pendingSeen = null;
    }
    return alerts;
  }

  private Set<Long> processEvent(Connection c, JournalRow row) throws SQLException, DecodeException {
    DeviceEvent event = decoder.decode(
        row.deviceId(), EventKind.valueOf(row.kind()), Buffer.buffer(row.payload()), row.receivedAt());
    Optional<DeviceBinding> binding = Optional.ofNullable(batchBindings.get(row.deviceId()));
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
    pendingSeen = new DeviceBindings.Seen(row.deviceId(), row.receivedAt(), battery, firmware);
  }
}
