package cn.anxin.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers a scenario's population through the platform's REST API (an ADMIN account): sites,
 * elders, devices (their secrets are answered once), meal cards, a lunch subsidy policy, stays
 * away and safe zones. Running it again over the same database finds what exists (by site code,
 * ID-card number, device id) and issues fresh secrets for existing devices.
 */
public final class Provisioner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformApi api;
    private final PrintStream log;

    public Provisioner(PlatformApi api, PrintStream log) {
        this.api = api;
        this.log = log;
    }

    /** What the platform knows the population by. */
    public record Registered(Map<Integer, Long> elderIds, Map<Integer, Long> stationIds, Map<String, String> secrets) {
    }

    public Registered register(ScenarioPlan plan) throws PlatformApiException {
        Population population = plan.population();
        Map<Integer, Long> centreIds = new LinkedHashMap<>();
        for (Population.Centre centre : population.centres()) {
            centreIds.put(centre.number(), site(centre.code(), centre.name(), "DAY_CARE", centre.lon(), centre.lat()));
        }
        Map<Integer, Long> stationIds = new LinkedHashMap<>();
        for (Population.Station station : population.stations()) {
            stationIds.put(station.number(), site(station.code(), station.name(), "MEAL_STATION", station.lon(), station.lat()));
        }
        Map<Integer, Long> elderIds = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        long seed = population.seed();
        for (Population.Elder elder : population.elders()) {
            long id = elder(elder, centreIds.get(elder.centre()));
            elderIds.put(elder.index(), id);
            secrets.put(elder.radarId(seed), device(elder.radarId(seed), "FALL_RADAR", id, null, "卧室"));
            secrets.put(elder.wearableId(seed), device(elder.wearableId(seed), "WEARABLE", id, null, null));
            secrets.put(elder.waterId(seed), device(elder.waterId(seed), "WATER_METER", id, null, "厨房"));
            secrets.put(elder.electricityId(seed), device(elder.electricityId(seed), "ELECTRICITY_METER", id, null, null));
            if (elder.regularDiner()) {
                ObjectNode card = JSON.createObjectNode().put("elderId", id).put("type", "ELDER_CARD")
                        .put("number", elder.cardNumber());
                PlatformApi.Answer answer = api.post("/api/meals/credentials", card);
                if (answer.status() != 409) {
                    PlatformApi.require(answer, "POST /api/meals/credentials");
                }
            }
        }
        for (Population.Station station : population.stations()) {
            secrets.put(station.readerId(), device(station.readerId(), "MEAL_READER", null,
                    stationIds.get(station.number()), null));
        }
        if (!population.stations().isEmpty()) {
            policy(plan);
        }
        for (PlannedIncident incident : plan.incidents()) {
            long elderId = elderIds.get(incident.elder());
            switch (incident.type()) {
                case AWAY, HOSPITAL -> status(plan, elderId, incident);
                case NIGHT_WANDERING -> safeZone(population.elder(incident.elder()), elderId);
                default -> {
                }
            }
        }
        log.printf("registered: %d day-care centres, %d meal stations, %d elders, %d devices%n",
                centreIds.size(), stationIds.size(), elderIds.size(), secrets.size());
        return new Registered(Map.copyOf(elderIds), Map.copyOf(stationIds), Map.copyOf(secrets));
    }

    private long site(String code, String name, String kind, double lon, double lat) throws PlatformApiException {
        ObjectNode body = JSON.createObjectNode().put("code", code).put("name", name).put("kind", kind)
                .put("areaCode", "532301100").put("ownerOrg", "模拟 simulated");
        body.putObject("location").put("lon", lon).put("lat", lat);
        PlatformApi.Answer answer = api.post("/api/sites", body);
        if (answer.status() == 409) {
            for (int offset = 0; ; offset += 500) {
                JsonNode page = PlatformApi.require(api.get("/api/sites?kind=" + kind + "&limit=500&offset=" + offset),
                        "GET /api/sites");
                for (JsonNode site : page.path("items")) {
                    if (code.equals(site.path("code").asText())) {
                        return site.path("id").asLong();
                    }
                }
                if (page.path("items").size() < 500) {
                    throw new PlatformApiException(409, "site " + code + " is taken but not listed as " + kind);
                }
            }
        }
        return PlatformApi.require(answer, "POST /api/sites " + code).path("id").asLong();
    }

    private long elder(Population.Elder elder, long siteId) throws PlatformApiException {
        ObjectNode body = JSON.createObjectNode().put("code", elder.code()).put("name", elder.name())
                .put("idCard", elder.idCard()).put("sex", elder.sex())
                .put("birthDate", elder.birthDate().format(DateTimeFormatter.ISO_LOCAL_DATE))
                .put("address", "楚雄市鹿城镇模拟小区 " + elder.index() + " 号").put("areaCode", "532301100")
                .put("livingArrangement", "ALONE").put("riskTier", "KEY").put("siteId", siteId);
        body.putObject("location").put("lon", elder.lon()).put("lat", elder.lat());
        body.putArray("categories").add("AGED_80");
        PlatformApi.Answer answer = api.post("/api/elders", body);
        if (answer.status() == 409) {
            JsonNode found = PlatformApi.require(api.get("/api/elders?idCard=" + PlatformApi.query(elder.idCard())),
                    "GET /api/elders?idCard=");
            for (JsonNode item : found.path("items")) {
                if (elder.code().equals(item.path("code").asText())) {
                    return item.path("id").asLong();
                }
            }
            throw new PlatformApiException(409, "elder " + elder.code() + " cannot be registered: "
                    + PlatformApi.require(answer, "x").path("detail").asText("taken by another elder"));
        }
        return PlatformApi.require(answer, "POST /api/elders " + elder.code()).path("id").asLong();
    }

    /** Registers the device, or issues it a new secret when it exists; returns the secret. */
    private String device(String id, String kind, Long elderId, Long siteId, String room) throws PlatformApiException {
        ObjectNode body = JSON.createObjectNode().put("id", id).put("kind", kind).put("model", "anxin-sim");
        ObjectNode placement = JSON.createObjectNode();
        if (elderId != null) {
            body.put("elderId", elderId);
            placement.put("elderId", elderId);
        }
        if (siteId != null) {
            body.put("siteId", siteId);
            placement.put("siteId", siteId);
        }
        if (room != null) {
            body.put("room", room);
            placement.put("room", room);
        }
        PlatformApi.Answer answer = api.post("/api/devices", body);
        if (answer.status() == 409) {
            PlatformApi.require(api.put("/api/devices/" + id + "/binding", placement), "PUT /api/devices/" + id + "/binding");
            JsonNode secret = PlatformApi.require(api.post("/api/devices/" + id + "/secret", null),
                    "POST /api/devices/" + id + "/secret");
            return secret.path("secret").asText();
        }
        return PlatformApi.require(answer, "POST /api/devices " + id).path("secret").asText();
    }

    private void policy(ScenarioPlan plan) throws PlatformApiException {
        ObjectNode body = JSON.createObjectNode().put("name", "模拟助餐补贴 simulated lunch subsidy").put("tier", "ALL")
                .put("breakfastFen", 0).put("lunchFen", 500).put("dinnerFen", 500).put("dailyCapFen", 500)
                .put("mealsPerDay", 1)
                .put("effectiveFrom", plan.firstDay().minusDays(plan.file().mealHistoryDays() + 1).toString());
        PlatformApi.Answer answer = api.post("/api/meals/policies", body);
        if (answer.status() == 409) {
            log.println("subsidy policy: one of tier ALL is in force already; it applies");
            return;
        }
        PlatformApi.require(answer, "POST /api/meals/policies");
    }

    private void status(ScenarioPlan plan, long elderId, PlannedIncident incident) throws PlatformApiException {
        var from = incident.from().atZone(ScenarioPlan.ZONE).toLocalDate();
        var to = incident.to().minusSeconds(1).atZone(ScenarioPlan.ZONE).toLocalDate();
        ObjectNode body = JSON.createObjectNode().put("status", incident.type().name()).put("fromDate", from.toString())
                .put("toDate", to.toString()).put("note", "device-sim scenario " + plan.file().name());
        PlatformApi.Answer answer = api.post("/api/elders/" + elderId + "/status-periods", body);
        if (answer.status() != 409) {
            PlatformApi.require(answer, "POST /api/elders/" + elderId + "/status-periods");
        }
    }

    private void safeZone(Population.Elder elder, long elderId) throws PlatformApiException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode zone = body.putArray("zones").addObject().put("name", "家附近").put("shape", "CIRCLE")
                .put("anchor", "POINT").put("radiusM", 300);
        zone.putObject("center").put("lon", elder.lon()).put("lat", elder.lat());
        PlatformApi.require(api.put("/api/elders/" + elderId + "/safe-zones", body), "PUT /api/elders/" + elderId + "/safe-zones");
    }
}
