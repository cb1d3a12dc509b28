package cn.anxin.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A scenario file: who lives in the simulated prefecture, how their devices report, how many days
 * pass and which incidents happen (see {@code scenarios/two-days.json} and docs/device-sim.md).
 *
 * @param name shown in the progress line and written to the incident log
 * @param seed the same seed gives the same population and the same events
 * @param days how many days are lived, from the day the run starts on
 * @param elders elders living at home, each with a fall radar, a wearable, a water and an electricity meter
 * @param dayCareCentres the day-care centres responsible for them (elders are shared out in turn)
 * @param mealStations meal stations, each with one card reader
 * @param regularDiners the first this many elders (and every elder a meal incident names) eat lunch at a station daily
 * @param mealHistoryDays days of past lunches sent at the start, so that regular diners are regular at once (at most 6)
 * @param radarHeartbeatSeconds how often a radar says it is alive (DEVICE_OFFLINE allows 3 minutes by default)
 * @param wearableHeartbeatMinutes how often a wearable says it is alive
 * @param meterIntervalMinutes the meters' reading interval, 15 or 30
 * @param incidents what happens, besides the routine
 */
public record ScenarioFile(String name, long seed, int days, int elders, int dayCareCentres, int mealStations,
                           int regularDiners, int mealHistoryDays, int radarHeartbeatSeconds,
                           int wearableHeartbeatMinutes, int meterIntervalMinutes, List<IncidentSpec> incidents) {

    public ScenarioFile {
        incidents = List.copyOf(incidents);
    }

    /** Thrown for an incident that does not fit the population; the parser finds its line. */
    static final class IncidentProblem extends IllegalArgumentException {
        final int index;

        IncidentProblem(int index, String message) {
            super("incident " + (index + 1) + ": " + message);
            this.index = index;
        }
    }

    @JsonCreator
    static ScenarioFile fromFile(
            @JsonProperty("name") String name,
            @JsonProperty("seed") Long seed,
            @JsonProperty("days") Integer days,
            @JsonProperty("elders") Integer elders,
            @JsonProperty("dayCareCentres") Integer dayCareCentres,
            @JsonProperty("mealStations") Integer mealStations,
            @JsonProperty("regularDiners") Integer regularDiners,
            @JsonProperty("mealHistoryDays") Integer mealHistoryDays,
            @JsonProperty("radarHeartbeatSeconds") Integer radarHeartbeatSeconds,
            @JsonProperty("wearableHeartbeatMinutes") Integer wearableHeartbeatMinutes,
            @JsonProperty("meterIntervalMinutes") Integer meterIntervalMinutes,
            @JsonProperty("incidents") List<IncidentSpec> incidents) {
        String n = name == null ? "scenario" : name;
        if (n.isBlank() || n.length() > 64) {
            throw new IllegalArgumentException("\"name\" must be 1-64 characters");
        }
        int d = range("days", days, 1, 1, 60);
        int e = range("elders", elders, 4, 1, 500);
        int centres = range("dayCareCentres", dayCareCentres, 1, 1, 50);
        int stations = range("mealStations", mealStations, 1, 0, 50);
        int diners = range("regularDiners", regularDiners, Math.min(e, 2), 0, e);
        int history = range("mealHistoryDays", mealHistoryDays, 5, 0, 6);
        int radar = range("radarHeartbeatSeconds", radarHeartbeatSeconds, 60, 10, 3600);
        int wearable = range("wearableHeartbeatMinutes", wearableHeartbeatMinutes, 5, 1, 1440);
        int meter = meterIntervalMinutes == null ? 30 : meterIntervalMinutes;
        if (meter != 15 && meter != 30) {
            throw new IllegalArgumentException("\"meterIntervalMinutes\" must be 15 or 30, was " + meter);
        }
        List<IncidentSpec> list = incidents == null ? List.of() : incidents;
        for (int i = 0; i < list.size(); i++) {
            IncidentSpec incident = list.get(i);
            if (incident == null) {
                throw new IncidentProblem(i, "is empty");
            }
            if (incident.elder() > e) {
                throw new IncidentProblem(i, "elder " + incident.elder() + " is not in the population (1-" + e + ")");
            }
            if (incident.day() >= d) {
                throw new IncidentProblem(i, "day " + incident.day() + " is not among the scenario's days (0-" + (d - 1) + ")");
            }
            if (incident.type() == IncidentType.MEAL_NO_SHOW && incident.days() >= 2 && incident.day() + 2 > d) {
                throw new IncidentProblem(i, "a meal no-show is alerted on the evening of its second day:"
                        + " day " + incident.day() + " + 2 days is past the scenario's " + d + " days");
            }
            boolean meal = incident.type() == IncidentType.MEAL_NO_SHOW || incident.type() == IncidentType.DUPLICATE_SWIPE;
            if (meal && stations == 0) {
                throw new IncidentProblem(i, "\"" + incident.type().fileName() + "\" needs a meal station (mealStations 1 or more)");
            }
        }
        long s = seed == null ? 1 : seed;
        if (s < 0 || s > 999_999_999L) {
            throw new IllegalArgumentException("\"seed\" must be 0 to 999999999, was " + s);
        }
        return new ScenarioFile(n, s, d, e, centres, stations, diners, history, radar, wearable,
                meter, list);
    }

    private static int range(String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException("\"" + field + "\" must be " + min + " to " + max + ", was " + v);
        }
        return v;
    }

    /** Whether this elder (1-based) eats lunch at a station on ordinary days. */
    public boolean regularDiner(int elder) {
        if (mealStations == 0) {
            return false;
        }
        return elder <= regularDiners || incidents.stream().anyMatch(i -> i.elder() == elder
                && (i.type() == IncidentType.MEAL_NO_SHOW || i.type() == IncidentType.DUPLICATE_SWIPE));
    }
}
