package cn.anxin.gateway.decode;

import java.util.Objects;
import java.util.Optional;

/**
 * The kind-specific part of a device message, one record per {@link EventKind}. Built only by
 * {@link PayloadDecoder}; the schema has checked every value before a record is made.
 */
public sealed interface EventBody {

  /** {@link EventKind#FALL}: a confirmed fall reported by a radar sensor or a wearable. */
  record FallDetected(Optional<Double> confidence, Optional<String> zone) implements EventBody {}

  /** {@link EventKind#HEARTBEAT}: the device is alive. */
  record Heartbeat(Optional<Integer> battery, Optional<String> firmware) implements EventBody {}

  /** {@link EventKind#PRESENCE}: whether someone is in the radar's field, and how many. */
  record PresenceReported(boolean present, Optional<Integer> targets) implements EventBody {}

  /** {@link EventKind#SUSPECTED_FALL}: a possible fall, not confirmed. */
  record FallSuspected(Optional<Double> confidence, Optional<String> zone) implements EventBody {}

  /** {@link EventKind#DWELL}: no movement for {@code seconds} ("static residence"). */
  record DwellDetected(int seconds, Optional<String> zone) implements EventBody {}

  /** {@link EventKind#BED_STATE}: the person got into or out of bed. */
  record BedStateChanged(BedState state) implements EventBody {
    public BedStateChanged {
      Objects.requireNonNull(state, "state");
    }
  }

  /** {@link EventKind#VITALS}: heart rate (bpm) and breathing rate (per minute), at least one. */
  record VitalsMeasured(Optional<Integer> heartRate, Optional<Integer> breathingRate, Optional<Boolean> inBed)
      implements EventBody {}

  /** {@link EventKind#SOS}: the wearer pressed the SOS button. */
  record SosPressed() implements EventBody {}

  /** {@link EventKind#ALARM_CANCEL}: the wearer cancelled an alarm, the one with msgId {@code cancels}. */
  record AlarmCancelled(Optional<String> cancels) implements EventBody {}

  /** {@link EventKind#LOCATION}: a WGS-84 position with its uncertainty radius in metres. */
  record LocationReported(double lat, double lon, double accuracyM, FixSource fix) implements EventBody {
    public LocationReported {
      Objects.requireNonNull(fix, "fix");
    }
  }

  /**
   * {@link EventKind#WATER_READING}: litres used in the interval that ends at the event time, and
   * the cumulative register, which rolls over to 0 past {@code registerMaxL} when the meter says so.
   */
  record WaterMetered(int intervalMinutes, double volumeL, double registerL, Optional<Double> registerMaxL)
      implements EventBody {}

  /** {@link EventKind#ELECTRICITY_READING}: watt-hours in the interval, and the cumulative register. */
  record ElectricityMetered(
      int intervalMinutes, double energyWh, double registerWh, Optional<Double> registerMaxWh)
      implements EventBody {}

  /** {@link EventKind#MEAL_SWIPE}: one meal served; amounts in fen (分). */
  record MealSwiped(
      Credential credential,
      MealType mealType,
      int priceFen,
      int subsidyFen,
      int paidFen,
      String terminal,
      Optional<String> station)
      implements EventBody {
    public MealSwiped {
      Objects.requireNonNull(credential, "credential");
      Objects.requireNonNull(mealType, "mealType");
      Objects.requireNonNull(terminal, "terminal");
    }
  }

  /** What identified a diner at a meal station; the id is sensitive personal information. */
  record Credential(CredentialType type, String id) {
    public Credential {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
      return "Credential[type=" + type + ", id=***]";
    }
  }

  enum BedState { IN, OUT }

  enum FixSource { GPS, CELL, WIFI }

  enum CredentialType { SOCIAL_SECURITY, ELDER_CARD, FACE }

  enum MealType { BREAKFAST, LUNCH, DINNER }

  /** A device's answer to command {@code cmdId}: done, or failed with a reason. */
  record CommandResult(String cmdId, boolean ok, Optional<String> detail) implements EventBody {}

  /** The device came online or went offline, as the gateway saw it. */
  record Connectivity(ConnectivityState state, String reason, Optional<String> transport,
      Optional<String> protocol) implements EventBody {}

  enum ConnectivityState { ONLINE, OFFLINE }
}
