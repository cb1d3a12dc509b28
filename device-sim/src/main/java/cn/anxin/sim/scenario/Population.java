package cn.anxin.sim.scenario;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulated people and places of a scenario, the same for the same seed: day-care centres,
 * meal stations with a card reader each, and elders living at home in 楚雄市 with four devices each.
 */
public record Population(long seed, List<Centre> centres, List<Station> stations, List<Elder> elders) {

    /** Where the simulated homes are spread around (楚雄市鹿城镇). */
    static final double BASE_LON = 101.546;
    static final double BASE_LAT = 25.033;

    public record Centre(int number, String code, String name, double lon, double lat) {
    }

    public record Station(int number, String code, String name, double lon, double lat, String readerId) {
    }

    /**
     * @param index 1-based, as scenario files name elders
     * @param centre the responsible day-care centre's number
     * @param station the meal station's number where a regular diner eats, 0 for none
     */
    public record Elder(int index, String code, String name, String idCard, String sex, LocalDate birthDate,
                        double lon, double lat, int centre, int station, boolean regularDiner, String cardNumber) {

        public String radarId(long seed) {
            return deviceId(seed, "radar");
        }

        public String wearableId(long seed) {
            return deviceId(seed, "wear");
        }

        public String waterId(long seed) {
            return deviceId(seed, "water");
        }

        public String electricityId(long seed) {
            return deviceId(seed, "power");
        }

        private String deviceId(long seed, String kind) {
            return String.format("sim%d-e%03d-%s", seed, index, kind);
        }
    }

    private static final String[] SURNAMES = {"李", "王", "张", "杨", "普", "罗", "陈", "赵", "鲁", "者", "刘", "周"};
    private static final String[] GIVEN_F = {"桂英", "秀兰", "玉珍", "凤仙", "秀芬", "兰英", "桂芳", "玉兰", "秀珍", "丽华"};
    private static final String[] GIVEN_M = {"正华", "国富", "文清", "建国", "志明", "有才", "德明", "光荣", "永福", "家和"};

    /** The population a scenario file describes. */
    public static Population of(ScenarioFile file) {
        long seed = file.seed();
        Random random = new Random(seed * 7_919L + 17);
        List<Centre> centres = new ArrayList<>();
        for (int c = 1; c <= file.dayCareCentres(); c++) {
            centres.add(new Centre(c, String.format("SIM%d-DC%02d", seed, c), "模拟日间照料中心" + c,
                    BASE_LON + 0.01 * c, BASE_LAT + 0.004 * c));
        }
        List<Station> stations = new ArrayList<>();
        for (int s = 1; s <= file.mealStations(); s++) {
            stations.add(new Station(s, String.format("SIM%d-MEAL%02d", seed, s), "模拟老年幸福食堂" + s,
                    BASE_LON - 0.008 * s, BASE_LAT + 0.003 * s, String.format("sim%d-m%02d-reader", seed, s)));
        }
        List<Elder> elders = new ArrayList<>();
        for (int i = 1; i <= file.elders(); i++) {
            boolean female = random.nextInt(100) < 58;
            String name = SURNAMES[random.nextInt(SURNAMES.length)]
                    + (female ? GIVEN_F[random.nextInt(GIVEN_F.length)] : GIVEN_M[random.nextInt(GIVEN_M.length)]);
            LocalDate born = LocalDate.of(1930 + random.nextInt(22), 1 + random.nextInt(12), 1 + random.nextInt(28));
            int sequence = 2 * random.nextInt(500) + (female ? 0 : 1);
            String idCard = IdCards.withCheck("532301" + born.toString().replace("-", "")
                    + String.format("%03d", sequence));
            Centre centre = centres.get((i - 1) % centres.size());
            double lon = centre.lon() + (random.nextDouble() - 0.5) * 0.01;
            double lat = centre.lat() + (random.nextDouble() - 0.5) * 0.01;
            boolean regular = file.regularDiner(i);
            int station = regular ? 1 + (i - 1) % file.mealStations() : 0;
            elders.add(new Elder(i, String.format("SIM%d-E%03d", seed, i), name, idCard, female ? "F" : "M", born,
                    round(lon), round(lat), centre.number(), station, regular, String.format("SIM%d-EC%04d", seed, i)));
        }
        return new Population(seed, List.copyOf(centres), List.copyOf(stations), List.copyOf(elders));
    }

    public Elder elder(int index) {
        return elders.get(index - 1);
    }

    public Station station(int number) {
        return stations.get(number - 1);
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }
}
