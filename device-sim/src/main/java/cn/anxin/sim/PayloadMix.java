package cn.anxin.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Which event kinds a load run sends and how often, e.g. {@code heartbeat=95,fall=1,water=4}. */
final class PayloadMix {

    static final List<String> KINDS = List.of(Payloads.HEARTBEAT, Payloads.FALL, Payloads.WATER);

    private final Map<String, Integer> weights;
    private final String[] kinds;
    private final int[] cumulative;
    private final int total;

    private PayloadMix(Map<String, Integer> weights) {
        this.weights = Map.copyOf(weights);
        this.kinds = weights.keySet().toArray(String[]::new);
        this.cumulative = new int[kinds.length];
        int sum = 0;
        for (int i = 0; i < kinds.length; i++) {
            sum += weights.get(kinds[i]);
            cumulative[i] = sum;
        }
        this.total = sum;
    }

    static PayloadMix parse(String text) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String raw : text.split(",")) {
            String item = raw.strip();
            int eq = item.indexOf('=');
            String kind = eq < 0 ? item : item.substring(0, eq).strip();
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("--mix: unknown kind \"" + kind + "\", expected one of " + KINDS
                        + " as kind=weight, e.g. heartbeat=95,fall=1,water=4");
            }
            int weight;
            try {
                weight = eq < 0 ? 1 : Integer.parseInt(item.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix: weight of " + kind + " must be a whole number, was \""
                        + item.substring(eq + 1) + "\"", e);
            }
            if (weight < 0 || weight > 1_000_000) {
                throw new IllegalArgumentException("--mix: weight of " + kind + " must be 0..1000000, was " + weight);
            }
            if (weights.put(kind, weight) != null) {
                throw new IllegalArgumentException("--mix names " + kind + " twice");
            }
        }
        weights.values().removeIf(w -> w == 0);
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("--mix must give at least one kind a weight above 0");
        }
        return new PayloadMix(weights);
    }

    /** A kind drawn by weight. */
    String pick() {
        int r = ThreadLocalRandom.current().nextInt(total);
        for (int i = 0; i < kinds.length; i++) {
            if (r < cumulative[i]) {
                return kinds[i];
            }
        }
        return kinds[kinds.length - 1];
    }

    /** An event of this kind with plausible values; {@code registerL} is the device's water register so far. */
    static EventPayload build(Payloads payloads, String kind, double registerL) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (kind) {
            case Payloads.FALL -> payloads.fall(0.80 + random.nextInt(20) / 100.0, "bathroom");
            case Payloads.WATER -> payloads.water(15, random.nextInt(0, 400) / 10.0, registerL);
            default -> payloads.heartbeat(random.nextInt(20, 101), "load-1.0");
        };
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (String kind : kinds) {
            parts.add(kind + "=" + weights.get(kind));
        }
        return String.join(",", parts);
    }
}
