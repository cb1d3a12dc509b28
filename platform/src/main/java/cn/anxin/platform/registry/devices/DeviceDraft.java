package cn.anxin.platform.registry.devices;

import cn.anxin.platform.api.rest.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A device as it should be registered: what an administrator posts or a spreadsheet row holds.
 * {@link #problems(String)} checks the rules that need no database; whether the elder and site
 * exist (and are in the caller's scope) is {@link Placements#problems}.
 */
public record DeviceDraft(String id, String kind, String model, Placement placement) {

  public static final Set<String> KINDS =
      Set.of("FALL_RADAR", "WEARABLE", "WATER_METER", "ELECTRICITY_METER", "MEAL_READER");
  /** The device id, which is also its MQTT client id and username. */
  public static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");
  public static final int MAX_MODEL = 64;

  public DeviceDraft {
    placement = placement == null ? Placement.NONE : placement;
    if (model != null) {
      model = model.strip();
      if (model.isEmpty()) {
        model = null;
      }
    }
  }

  /** Every rule the draft breaks, as field errors under {@code at} (e.g. {@code /body}). */
  public List<FieldError> problems(String at) {
    List<FieldError> out = new ArrayList<>();
    if (id == null) {
      out.add(FieldError.of(at + "/id", "field.required"));
    } else if (!ID.matcher(id).matches()) {
      out.add(FieldError.of(at + "/id", "device.id-format"));
    }
    if (kind == null) {
      out.add(FieldError.of(at + "/kind", "field.required"));
    } else if (!KINDS.contains(kind)) {
      out.add(FieldError.of(at + "/kind", "field.enum"));
    }
    if (model != null && model.length() > MAX_MODEL) {
      out.add(FieldError.of(at + "/model", "field.range"));
    }
    if (placement.room() != null && placement.room().length() > Placement.MAX_ROOM) {
      out.add(FieldError.of(at + "/room", "field.range"));
    }
    return out;
  }

  void requireValid() {
    List<FieldError> found = problems("");
    if (!found.isEmpty()) {
      throw new IllegalArgumentException("invalid device draft " + id + ": " + found);
    }
  }
}
