package cn.anxin.sim.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Works out a scenario's messages for {@link ScenarioPlan}: the incidents of the file, then each
 * elder's days by the domain handbook's routine (see {@link ScenarioPlan} for the routine itself).
 */
final class PlanBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ScenarioFile file;
    final Population population;
    final Instant start;
    final LocalDate firstDay;
    final String runTag;
    final List<SimEvent> events = new ArrayList<>();
    final List<PlannedIncident> planned = new ArrayList<>();
    long sequence;

    PlanBuilder(ScenarioFile file, Population population, Instant start, LocalDate firstDay, String runTag) {
        this.file = file;
        this.population = population;
        this.start = start;
        this.firstDay = firstDay;
        this.runTag = runTag;
    }

    Instant at(int day, LocalTime time) {
        return firstDay.plusDays(day).atTime(time).atZone(ScenarioPlan.ZONE).toInstant();
    }

    Instant dayStart(int day) {
        return firstDay.plusDays(day).atStartOfDay(ScenarioPlan.ZONE).toInstant();
    }

    void planIncidents() {
        List<IncidentSpec> specs = file.incidents();
        for (int i = 0; i < specs.size(); i++) {
            IncidentSpec spec = specs.get(i);
            int number = i + 1;
            Instant t = at(spec.day(), spec.at());
            List<Expectation> expect = new ArrayList<>();
            List<Expectation> mustNot = new ArrayList<>();
            Instant from = t;
            Instant to;
            String note;
            switch (spec.type()) {
                case FALL -> {
                    to = t.plus(Duration.ofHours(spec.hours()));
                    expect.add(new Expectation("FALL", t, t.plus(Duration.ofMinutes(15))));
                    expect.add(new Expectation("LONG_LIE", t, t.plus(Duration.ofHours(1))));
                    note = "radar fall in the bathroom, 6 min still, then " + spec.hours() + " h without activity";
                }
                case FALSE_FALL -> {
                    to = t.plusSeconds(12);
                    mustNot.add(new Expectation("FALL", t.minusSeconds(60), t.plus(Duration.ofMinutes(30))));
                    note = "wearable fall cancelled by the wearer after 12 s";
                }
                case LEAK -> {
                    to = t.plus(Duration.ofHours(spec.hours()));
                    if (spec.hours() >= 2) {
                        expect.add(new Expectation("CONTINUOUS_WATER", t, to.plus(Duration.ofHours(1))));
                    }
                    double perDay = spec.litresPerMinute() * 60 * Math.min(24, spec.hours());
                    if (spec.hours() >= 24 || perDay > 2000) {
                        expect.add(new Expectation("WATER_HIGH_USE", t, to.plus(Duration.ofHours(1))));
                    }
                    note = spec.litresPerMinute() + " L/min for " + spec.hours() + " h";
                }
                case AWAY, HOSPITAL -> {
                    from = dayStart(spec.day());
                    to = dayStart(spec.day() + spec.days());
                    for (String rule : List.of("WATER_12H", "WATER_24H", "ELECTRICITY_INACTIVE", "ROUTINE_DRIFT",
                            "MEAL_NO_SHOW")) {
                        mustNot.add(new Expectation(rule, from, to.minusSeconds(1)));
                    }
                    note = spec.type() + " status for " + spec.days() + " day(s); nothing used at home";
                }
                case NIGHT_WANDERING -> {
                    to = t.plus(Duration.ofMinutes(spec.minutes()));
                    if (spec.minutes() > 30 && ScenarioPlan.NightHours.isNight(t)) {
                        expect.add(new Expectation("NIGHT_BED_EXIT", t, to.plus(Duration.ofMinutes(30))));
                    }
                    if (spec.minutes() >= 10) {
                        expect.add(new Expectation("WANDERING", t, to));
                    }
                    note = "out of bed " + spec.minutes() + " min, fixes ~1 km outside the 300 m home zone";
                }
                case MEAL_NO_SHOW -> {
                    from = dayStart(spec.day());
                    to = dayStart(spec.day() + spec.days());
                    if (spec.days() >= 2) {
                        expect.add(new Expectation("MEAL_NO_SHOW", from, to.plus(Duration.ofHours(4))));
                    }
                    note = "regular diner absent " + spec.days() + " service day(s), no leave";
                }
                case DUPLICATE_SWIPE -> {
                    from = dayStart(spec.day());
                    to = dayStart(spec.day() + 1);
                    expect.add(new Expectation("DUPLICATE_SUBSIDY", from, to.plus(Duration.ofDays(1))));
                    note = "a second subsidised lunch 4 min after the first (meal fraud flag)";
                }
                default -> throw new IllegalStateException(spec.type().toString());
            }
            planned.add(new PlannedIncident(number, spec.type(), spec.elder(), from, to, expect, mustNot, note));
        }
    }

    /** Every day of one elder, meal history first. */
    void live(Population.Elder elder) {
        int history = elder.regularDiner() ? file.mealHistoryDays() : 0;
        double water = 1000 + elder.index() * 37.5;
        double power = 200_000 + elder.index() * 1_234.0;
        for (int day = -history; day < file.days(); day++) {
            Random random = new Random(file.seed() * 1_000_003L + elder.index() * 10_007L + day + 100);
            if (day < 0) {
                lunch(elder, day, random, true);
                continue;
            }
            DayOfElder today = new DayOfElder(day, random);
            for (IncidentSpec incident : file.incidents()) {
                if (incident.elder() == elder.index()) {
                    today.apply(incident, file.incidents().indexOf(incident) + 1);
                }
            }
            today.plan(elder);
            water = meters(elder, today, water, power, true);
            power = meters(elder, today, water, power, false);
        }
    }

    private final class DayOfElder {
        final int day;
        final Random random;
        final LocalTime wake;
        final LocalTime sleep;
        boolean away;
        boolean noMeal;
        int duplicateIncident;
        final List<Instant[]> quiet = new ArrayList<>();
        final List<double[]> leaks = new ArrayList<>(); // from epoch s, to epoch s, litres per minute
        final List<Object[]> radarIncidents = new ArrayList<>();
        final List<Object[]> wearableIncidents = new ArrayList<>();
        final List<Object[]> wanderings = new ArrayList<>();
        final List<double[]> waterUses = new ArrayList<>(); // epoch s, litres
        final List<double[]> powerUses = new ArrayList<>(); // epoch s, Wh
        LocalTime lunchAt;

        DayOfElder(int day, Random random) {
            this.day = day;
            this.random = random;
            // not before 06:05: getting up in the night window (22:00-06:00) would be rule 6's night bed exit
            wake = LocalTime.of(6, 30).plusMinutes(clamp(Math.round(random.nextGaussian() * 20), -25, 50));
            sleep = LocalTime.of(21, 30).plusMinutes(clamp(Math.round(random.nextGaussian() * 30), -75, 75));
        }

        void apply(IncidentSpec incident, int number) {
            Instant t = at(incident.day(), incident.at());
            switch (incident.type()) {
                case AWAY, HOSPITAL -> {
                    if (day >= incident.day() && day < incident.day() + incident.days()) {
                        away = true;
                        noMeal = true;
                    }
                }
                case MEAL_NO_SHOW -> {
                    if (day >= incident.day() && day < incident.day() + incident.days()) {
                        noMeal = true;
                    }
                }
                case DUPLICATE_SWIPE -> {
                    if (day == incident.day()) {
                        duplicateIncident = number;
                    }
                }
                case FALL -> {
                    quiet.add(new Instant[] {t, t.plus(Duration.ofHours(incident.hours()))});
                    if (day == incident.day()) {
                        radarIncidents.add(new Object[] {t, number});
                    }
                }
                case FALSE_FALL -> {
                    if (day == incident.day()) {
                        wearableIncidents.add(new Object[] {t, number});
                    }
                }
                case LEAK -> leaks.add(new double[] {t.getEpochSecond(),
                        t.plus(Duration.ofHours(incident.hours())).getEpochSecond(), incident.litresPerMinute(), number});
                case NIGHT_WANDERING -> {
                    if (day == incident.day()) {
                        wanderings.add(new Object[] {t, incident.minutes(), number});
                    }
                }
                default -> throw new IllegalStateException(incident.type().toString());
            }
        }

        boolean active(Instant time) {
            if (away) {
                return false;
            }
            for (Instant[] window : quiet) {
                if (!time.isBefore(window[0]) && time.isBefore(window[1])) {
                    return false;
                }
            }
            return true;
        }

        Instant local(LocalTime time) {
            return at(day, time);
        }

        Instant jitter(LocalTime around, int minutes) {
            return local(around).plusSeconds(Math.round(random.nextGaussian() * minutes * 60));
        }

        void useWater(Instant time, double litres) {
            if (active(time)) {
                waterUses.add(new double[] {time.getEpochSecond(), litres});
            }
        }

        void usePower(Instant time, double wattHours) {
            if (active(time)) {
                powerUses.add(new double[] {time.getEpochSecond(), wattHours});
            }
        }

        void plan(Population.Elder elder) {
            Instant wakeAt = local(wake);
            Instant sleepAt = local(sleep);
            boolean eatsOut = elder.regularDiner() && !noMeal;
            // water (litres) and electricity (watt-hours beyond the fridge) of the day
            useWater(wakeAt.plusSeconds(300), 6);
            useWater(wakeAt.plusSeconds(900), 5);
            usePower(wakeAt.plusSeconds(1200), 150 + random.nextInt(60));
            useWater(jitter(LocalTime.of(9, 30), 40), 6);
            if (!eatsOut) {
                useWater(jitter(LocalTime.of(11, 15), 15), 8);
                usePower(jitter(LocalTime.of(11, 20), 10), 380 + random.nextInt(80));
            }
            useWater(jitter(LocalTime.of(14, 30), 60), 6);
            useWater(jitter(LocalTime.of(17, 30), 20), 8);
            usePower(jitter(LocalTime.of(17, 35), 15), 420 + random.nextInt(80));
            useWater(jitter(LocalTime.of(18, 40), 20), 4);
            useWater(jitter(LocalTime.of(20, 0), 50), 6);
            useWater(sleepAt.minusSeconds(1200), 5);
            if (random.nextBoolean()) {
                useWater(sleepAt.minusSeconds(2700), 40);
            }
            for (Instant tv = local(LocalTime.of(19, 0)); tv.isBefore(sleepAt); tv = tv.plusSeconds(1800)) {
                usePower(tv, 30);
            }
            for (Instant light = wakeAt; light.isBefore(sleepAt); light = light.plusSeconds(1800)) {
                usePower(light, 12);
            }
            radar(elder, wakeAt, sleepAt);
            wearable(elder);
            if (elder.regularDiner() && !noMeal && active(local(LocalTime.of(11, 40)))) {
                lunchAt = LocalTime.of(11, 40);
                lunch(elder, day, random, false);
                if (duplicateIncident > 0) {
                    swipe(elder, local(LocalTime.of(11, 44)), duplicateIncident);
                }
            }
        }

        void radar(Population.Elder elder, Instant wakeAt, Instant sleepAt) {
            String radar = elder.radarId(file.seed());
            Instant dayStart = dayStart(day);
            Instant dayEnd = dayStart(day + 1);
            for (Instant beat = dayStart; beat.isBefore(dayEnd); beat = beat.plusSeconds(file.radarHeartbeatSeconds())) {
                add(beat, radar, "heartbeat", fields(), 0);
            }
            boolean wanderTonight = !wanderings.isEmpty();
            if (!wanderTonight && random.nextInt(100) < 30) {
                Instant out = jitter(LocalTime.of(3, 0), 40);
                if (active(out)) {
                    add(out, radar, "bed", fields().put("state", "out"), 0);
                    add(out.plusSeconds(360 + random.nextInt(360)), radar, "bed", fields().put("state", "in"), 0);
                    useWater(out.plusSeconds(180), 6);
                }
            }
            for (Object[] wander : wanderings) {
                Instant out = (Instant) wander[0];
                int minutes = (Integer) wander[1];
                int number = (Integer) wander[2];
                add(out, radar, "bed", fields().put("state", "out"), number);
                add(out.plusSeconds(minutes * 60L), radar, "bed", fields().put("state", "in"), number);
                String wearable = elder.wearableId(file.seed());
                for (int m = 5; m < minutes - 4; m += 10) {
                    add(out.plusSeconds(m * 60L), wearable, "location", fields()
                            .put("lat", elder.lat() + 0.009 + 0.0005 * (m / 10)).put("lon", elder.lon() + 0.002)
                            .put("accuracyM", 15).put("fix", "gps"), number);
                }
                add(out.plusSeconds(minutes * 60L + 120), wearable, "location", fields()
                        .put("lat", elder.lat()).put("lon", elder.lon()).put("accuracyM", 15).put("fix", "gps"), number);
            }
            if (active(wakeAt)) {
                add(wakeAt, radar, "bed", fields().put("state", "out"), 0);
            }
            if (active(sleepAt)) {
                add(sleepAt, radar, "bed", fields().put("state", "in"), 0);
            }
            for (Object[] fall : radarIncidents) {
                Instant t = (Instant) fall[0];
                int number = (Integer) fall[1];
                add(t, radar, "fall", fields().put("confidence", 0.92).put("zone", ScenarioPlan.BATHROOM), number);
                add(t.plusSeconds(360), radar, "dwell", fields().put("seconds", 360).put("zone", ScenarioPlan.BATHROOM), number);
            }
        }

        void wearable(Population.Elder elder) {
            String wearable = elder.wearableId(file.seed());
            Instant dayStart = dayStart(day);
            Instant dayEnd = dayStart(day + 1);
            long step = file.wearableHeartbeatMinutes() * 60L;
            for (Instant beat = dayStart; beat.isBefore(dayEnd); beat = beat.plusSeconds(step)) {
                int battery = (int) Math.max(25, 100 - 6 * day - Duration.between(dayStart, beat).toMinutes() / 240);
                add(beat, wearable, "heartbeat", fields().put("battery", battery), 0);
            }
            if (!away) {
                for (int hour = 1; hour < 24; hour += 2) {
                    Instant fix = local(LocalTime.of(hour, 7));
                    add(fix, wearable, "location", fields().put("lat", elder.lat()).put("lon", elder.lon())
                            .put("accuracyM", 25).put("fix", "gps"), 0);
                }
            }
            for (Object[] fall : wearableIncidents) {
                Instant t = (Instant) fall[0];
                int number = (Integer) fall[1];
                String fallId = add(t, wearable, "fall", fields().put("confidence", 0.55), number);
                add(t.plusSeconds(12), wearable, "cancel", fields().put("cancels", fallId), number);
            }
        }
    }

    /** Water (true) or electricity readings of the day; returns the register after them. */
    double meters(Population.Elder elder, DayOfElder today, double water, double power, boolean isWater) {
        int interval = file.meterIntervalMinutes();
        Instant dayStart = dayStart(today.day);
        String device = isWater ? elder.waterId(file.seed()) : elder.electricityId(file.seed());
        double register = isWater ? water : power;
        for (int slot = 0; slot < 24 * 60 / interval; slot++) {
            Instant from = dayStart.plusSeconds(slot * interval * 60L);
            Instant to = from.plusSeconds(interval * 60L);
            double amount = 0;
            for (double[] use : isWater ? today.waterUses : today.powerUses) {
                if (use[0] >= from.getEpochSecond() && use[0] < to.getEpochSecond()) {
                    amount += use[1];
                }
            }
            int incident = 0;
            if (isWater) {
                for (double[] leak : today.leaks) {
                    double overlap = Math.min(leak[1], to.getEpochSecond()) - Math.max(leak[0], from.getEpochSecond());
                    if (overlap > 0) {
                        amount += leak[2] * overlap / 60.0;
                        incident = (int) leak[3];
                    }
                }
            } else {
                amount += 40.0 * interval / 60 * (0.9 + 0.2 * today.random.nextDouble()); // the fridge
            }
            amount = Math.round(amount * 10) / 10.0;
            register = Math.round((register + amount) * 10) / 10.0;
            ObjectNode reading = fields().put("intervalMinutes", interval);
            if (isWater) {
                reading.put("volumeL", amount).put("registerL", register);
            } else {
                reading.put("energyWh", amount).put("registerWh", register);
            }
            add(to, device, isWater ? "water" : "electricity", reading, incident);
        }
        return register;
    }

    void lunch(Population.Elder elder, int day, Random random, boolean history) {
        Instant time = at(day, LocalTime.of(11, 40)).plusSeconds(Math.round(random.nextGaussian() * 600));
        swipe(elder, time, 0);
    }

    void swipe(Population.Elder elder, Instant time, int incident) {
        Population.Station station = population.station(elder.station());
        ObjectNode credential = JSON.createObjectNode().put("type", "elder_card").put("id", elder.cardNumber());
        ObjectNode swipe = fields();
        swipe.set("credential", credential);
        swipe.put("mealType", "lunch").put("priceFen", 1200).put("subsidyFen", 500).put("paidFen", 700)
                .put("terminal", "T1").put("station", station.code());
        addAlways(time, station.readerId(), "swipe", swipe, incident);
    }

    /** Adds a routine or incident event unless it falls before the start; returns its msgId. */
    String add(Instant at, String deviceId, String kind, ObjectNode fields, int incident) {
        String msgId = runTag + "-" + Long.toString(sequence++, 36);
        if (!at.isBefore(start) && at.isBefore(dayStart(file.days()))) {
            events.add(new SimEvent(at, deviceId, kind, msgId, fields, incident));
        }
        return msgId;
    }

    /** Adds an event even before the start (the meal history). */
    void addAlways(Instant at, String deviceId, String kind, ObjectNode fields, int incident) {
        String msgId = runTag + "-" + Long.toString(sequence++, 36);
        if (at.isBefore(dayStart(file.days()))) {
            events.add(new SimEvent(at, deviceId, kind, msgId, fields, incident));
        }
    }

    static ObjectNode fields() {
        return JSON.createObjectNode();
    }

    static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
