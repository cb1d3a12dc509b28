package cn.anxin.sim.scenario;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The incidents a scenario file can inject, by the name used in the file. */
public enum IncidentType {
    /** A radar fall in the bathroom, stillness reported after it, then no activity for {@code hours} (default 4). */
    FALL("fall"),
    /** A wearable fall cancelled by the wearer 12 s later: must raise nothing. */
    FALSE_FALL("false-fall"),
    /** Water flowing in every half hour for {@code hours} (default 3) at {@code litresPerMinute} (default 0.5). */
    LEAK("leak"),
    /** Staying with family for {@code days} (default 1): status AWAY, nothing used at home, no meals. */
    AWAY("away"),
    /** In hospital for {@code days} (default 2): status HOSPITAL, as away. */
    HOSPITAL("hospital"),
    /** Out of bed at night for {@code minutes} (default 60), with location fixes outside the home's safe zone. */
    NIGHT_WANDERING("night-wandering"),
    /** A regular diner does not come to the meal station for {@code days} (default 2). */
    MEAL_NO_SHOW("meal-no-show"),
    /** A second subsidised lunch swiped with the same card a few minutes after the first. */
    DUPLICATE_SWIPE("duplicate-swipe");

    private final String fileName;

    IncidentType(String fileName) {
        this.fileName = fileName;
    }

    /** The name in a scenario file. */
    public String fileName() {
        return fileName;
    }

    /** The type of this file name, or an IllegalArgumentException listing the known names. */
    public static IncidentType ofFileName(String name) {
        for (IncidentType type : values()) {
            if (type.fileName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown incident type \"" + name + "\"; known: "
                + Arrays.stream(values()).map(IncidentType::fileName).collect(Collectors.joining(", ")));
    }
}
