package cn.anxin.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario run did, for {@code verify}: where the platform is, the time range, the elders
 * (index, platform id, code) and each incident with the alerts expected and not expected.
 *
 * @param elderIds platform elder id by 1-based index
 * @param stationIds platform site id of each meal station by number
 */
public record IncidentLog(String scenario, long seed, String api, Instant start, Instant end, double speed,
                          Map<Integer, Long> elderIds, Map<Integer, Long> stationIds, List<LoggedIncident> incidents,
                          long messagesSent, long messagesFailed) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public IncidentLog {
        elderIds = Map.copyOf(elderIds);
        stationIds = Map.copyOf(stationIds);
        incidents = List.copyOf(incidents);
    }

    /** A planned incident with its elder's platform id. */
    public record LoggedIncident(PlannedIncident planned, long elderId) {
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", scenario).put("seed", seed).put("api", api).put("start", start.toString())
                .put("end", end.toString()).put("speed", speed)
                .put("messagesSent", messagesSent).put("messagesFailed", messagesFailed);
        ObjectNode elders = root.putObject("elders");
        elderIds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> elders.put(String.valueOf(e.getKey()), e.getValue()));
        ObjectNode stations = root.putObject("mealStations");
        stationIds.forEach((number, id) -> stations.put(String.valueOf(number), id));
        ArrayNode list = root.putArray("incidents");
        for (LoggedIncident logged : incidents) {
            PlannedIncident p = logged.planned();
            ObjectNode node = list.addObject().put("number", p.number()).put("type", p.type().fileName())
                    .put("elder", p.elder()).put("elderId", logged.elderId())
                    .put("from", p.from().toString()).put("to", p.to().toString()).put("note", p.note());
            writeExpectations(node.putArray("expect"), p.expect());
            writeExpectations(node.putArray("mustNotRaise"), p.mustNotRaise());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static void writeExpectations(ArrayNode array, List<Expectation> expectations) {
        for (Expectation e : expectations) {
            array.addObject().put("rule", e.rule()).put("from", e.from().toString()).put("to", e.to().toString());
        }
    }

    /** Reads a log written by {@link #write(Path)}. */
    public static IncidentLog read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such incident log (scenario --log names it)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not an incident log: " + e.getMessage(), e);
        }
        try {
            Map<Integer, Long> elders = new LinkedHashMap<>();
            root.path("elders").fields().forEachRemaining(e -> elders.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
            Map<Integer, Long> stations = new LinkedHashMap<>();
            root.path("mealStations").fields().forEachRemaining(e -> stations.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
            List<LoggedIncident> incidents = new ArrayList<>();
            for (JsonNode node : root.path("incidents")) {
                PlannedIncident planned = new PlannedIncident(node.path("number").asInt(),
                        IncidentType.ofFileName(node.path("type").asText()), node.path("elder").asInt(),
                        Instant.parse(node.path("from").asText()), Instant.parse(node.path("to").asText()),
                        readExpectations(node.path("expect")), readExpectations(node.path("mustNotRaise")),
                        node.path("note").asText(""));
                incidents.add(new LoggedIncident(planned, node.path("elderId").asLong()));
            }
            return new IncidentLog(root.path("scenario").asText(), root.path("seed").asLong(), root.path("api").asText(),
                    Instant.parse(root.path("start").asText()), Instant.parse(root.path("end").asText()),
                    root.path("speed").asDouble(1), elders, stations, incidents,
                    root.path("messagesSent").asLong(), root.path("messagesFailed").asLong());
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an incident log: " + e.getMessage(), e);
        }
    }

    private static List<Expectation> readExpectations(JsonNode array) {
        List<Expectation> list = new ArrayList<>();
        for (JsonNode e : array) {
            list.add(new Expectation(e.path("rule").asText(), Instant.parse(e.path("from").asText()),
                    Instant.parse(e.path("to").asText())));
        }
        return list;
    }
}
