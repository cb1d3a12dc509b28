package cn.anxin.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every message of a scenario and the incidents it injects, worked out before anything is sent.
 * The same file, start and run tag give the same plan: each elder's day draws from its own
 * random sequence, seeded by the file's seed, the elder and the day.
 *
 * <p>The routine follows the domain handbook: wake ~06:30 ± 20 min, toilet ~6 L, washing, cooking
 * water and electricity at breakfast, lunch and dinner, a shower ~40 L every other evening, a
 * fridge's ~40 W always, lights and television in the evening, bed ~21:30 ± 30 min, now and then a
 * short toilet trip at night; regular diners swipe their card for lunch at their meal station. Radars
 * report bed changes and heartbeats, wearables heartbeats and a location fix every two hours, meters
 * a reading per interval.
 */
public final class ScenarioPlan {

    /** The care zone the platform judges days and nights in. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static final String BATHROOM = "bathroom";

    private final ScenarioFile file;
    private final Population population;
    private final Instant start;
    private final Instant end;
    private final LocalDate firstDay;
    private final List<SimEvent> events;
    private final List<PlannedIncident> incidents;
    private final List<PlannedIncident> skipped;

    private ScenarioPlan(ScenarioFile file, Population population, Instant start, Instant end, LocalDate firstDay,
                         List<SimEvent> events, List<PlannedIncident> incidents, List<PlannedIncident> skipped) {
        this.skipped = skipped;
        this.file = file;
        this.population = population;
        this.start = start;
        this.end = end;
        this.firstDay = firstDay;
        this.events = events;
        this.incidents = incidents;
    }

    public ScenarioFile file() {
        return file;
    }

    public Population population() {
        return population;
    }

    /** The platform's time when the run starts; routine before it is not sent. */
    public Instant start() {
        return start;
    }

    /** Midnight after the last day. */
    public Instant end() {
        return end;
    }

    /** Day 0. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** In time order; meal history (before the start) first. */
    public List<SimEvent> events() {
        return events;
    }

    /** The incidents that happen in this run. */
    public List<PlannedIncident> incidents() {
        return incidents;
    }

    /** Incidents of the file that would have begun before the start of the run: not sent, not expected. */
    public List<PlannedIncident> skipped() {
        return skipped;
    }

    /**
     * Plans a run starting at {@code start} (day 0 is its day in Asia/Shanghai).
     *
     * @param runTag prefix of every msgId (letters, digits, '-'), so that a later run's messages are not taken for resends
     */
    public static ScenarioPlan build(ScenarioFile file, Instant start, String runTag) {
        return build(file, start, runTag, false);
    }

    /**
     * As {@link #build(ScenarioFile, Instant, String)}; with {@code fromNextMidnight} day 0 is the day
     * after the start's, so that every day is lived whole (nothing is sent before that midnight but
     * the meal history). Incidents that would begin before the start are left out ({@link #skipped()}).
     */
    public static ScenarioPlan build(ScenarioFile file, Instant start, String runTag, boolean fromNextMidnight) {
        Population population = Population.of(file);
        LocalDate firstDay = LocalDate.ofInstant(start, ZONE).plusDays(fromNextMidnight ? 1 : 0);
        if (fromNextMidnight) {
            start = firstDay.atStartOfDay(ZONE).toInstant();
        }
        Instant end = firstDay.plusDays(file.days()).atStartOfDay(ZONE).toInstant();
        PlanBuilder builder = new PlanBuilder(file, population, start, firstDay, runTag);
        builder.planIncidents();
        for (Population.Elder elder : population.elders()) {
            builder.live(elder);
        }
        List<SimEvent> events = new ArrayList<>(builder.events);
        events.sort(Comparator.comparing(SimEvent::at));
        List<PlannedIncident> kept = new ArrayList<>();
        List<PlannedIncident> skipped = new ArrayList<>();
        for (PlannedIncident incident : builder.planned) {
            (startsBefore(incident, start) ? skipped : kept).add(incident);
        }
        return new ScenarioPlan(file, population, start, end, firstDay, List.copyOf(events), List.copyOf(kept),
                List.copyOf(skipped));
    }

    /** Whether the incident's first message would be due before the run starts (it is then not sent whole). */
    private static boolean startsBefore(PlannedIncident incident, Instant start) {
        return switch (incident.type()) {
            case AWAY, HOSPITAL, MEAL_NO_SHOW -> false;
            case DUPLICATE_SWIPE -> incident.from().plus(Duration.ofMinutes(11 * 60 + 44)).isBefore(start);
            default -> incident.from().isBefore(start);
        };
    }

    /** The instant of a local time on a scenario day. */
    Instant at(int day, LocalTime time) {
        return firstDay.plusDays(day).atTime(time).atZone(ZONE).toInstant();
    }

    /** 22:00 to 06:00 in the care zone, as the platform's night rules count it. */
    static final class NightHours {
        private NightHours() {
        }

        static boolean isNight(Instant time) {
            int hour = ZonedDateTime.ofInstant(time, ZONE).getHour();
            return hour >= 22 || hour < 6;
        }
    }
}
