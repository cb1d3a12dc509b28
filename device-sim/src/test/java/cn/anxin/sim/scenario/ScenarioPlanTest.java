package cn.anxin.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioPlanTest {

    private static final Instant START = Instant.parse("2026-02-28T16:00:00Z"); // 2026-03-01 00:00 +08:00
    private static final Path CONTRACT = Path.of("..", "gateway", "src", "main", "resources", "contract", "v1");

    @Test
    void givenTheSameSeed_whenPlannedTwice_thenTheSamePopulationAndEvents() throws Exception {
        ScenarioFile file = ScenarioFiles.bundled("two-days.json");
        ScenarioPlan first = ScenarioPlan.build(file, START, "run1");
        ScenarioPlan second = ScenarioPlan.build(file, START, "run1");

        assertThat(second.population()).isEqualTo(first.population());
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.incidents()).isEqualTo(first.incidents());
        assertThat(first.events()).hasSizeGreaterThan(4 * 2 * 720); // radar heartbeats every 2 minutes alone
    }

    @Test
    void givenAnotherSeed_whenPlanned_thenOtherPeopleAndOtherTimes() throws Exception {
        ScenarioFile file = ScenarioFiles.bundled("two-days.json");
        ScenarioFile other = ScenarioFiles.parse("other.json", "{\"seed\": 99, \"days\": 2}");
        ScenarioPlan a = ScenarioPlan.build(file, START, "x");
        ScenarioPlan b = ScenarioPlan.build(other, START, "x");

        assertThat(b.population().elders()).extracting(Population.Elder::idCard)
                .doesNotContainAnyElementsOf(a.population().elders().stream().map(Population.Elder::idCard).toList());
        assertThat(bedTimes(b)).isNotEqualTo(bedTimes(a));
    }

    @Test
    void whenPlanned_thenEveryPayloadValidatesAgainstTheContractSchema() throws Exception {
        ScenarioPlan plan = ScenarioPlan.build(ScenarioFiles.bundled("two-days.json"), START, "s1a2b3");
        Map<String, Validator> validators = new HashMap<>();
        Map<String, Integer> kinds = new HashMap<>();
        for (SimEvent event : plan.events()) {
            Validator validator = validators.computeIfAbsent(event.kind(), ScenarioPlanTest::validator);
            OutputUnit result = validator.validate(new JsonObject(SimPayloads.json(event).toString()));
            assertThat(result.getValid()).as(event.kind() + " " + SimPayloads.json(event) + ": " + result).isTrue();
            kinds.merge(event.kind(), 1, Integer::sum);
        }
        assertThat(kinds.keySet()).containsExactlyInAnyOrder("heartbeat", "bed", "water", "electricity", "swipe",
                "location", "fall", "dwell", "cancel");
    }

    @Test
    void whenPlanned_thenIncidentsCarryTheirEventsAndExpectations() throws Exception {
        ScenarioPlan plan = ScenarioPlan.build(ScenarioFiles.bundled("two-days.json"), START, "t");
        Map<Integer, List<SimEvent>> byIncident = plan.events().stream().filter(e -> e.incident() > 0)
                .collect(Collectors.groupingBy(SimEvent::incident));

        PlannedIncident fall = plan.incidents().get(0);
        assertThat(fall.type()).isEqualTo(IncidentType.FALL);
        assertThat(fall.expect()).extracting(Expectation::rule).containsExactly("FALL", "LONG_LIE");
        assertThat(byIncident.get(1)).extracting(SimEvent::kind).contains("fall", "dwell");
        assertThat(fall.from()).isEqualTo(plan.at(0, LocalTime.of(9, 30)));

        PlannedIncident falseFall = plan.incidents().get(1);
        assertThat(falseFall.expect()).isEmpty();
        assertThat(falseFall.mustNotRaise()).extracting(Expectation::rule).containsExactly("FALL");
        List<SimEvent> cancelled = byIncident.get(2);
        assertThat(cancelled).extracting(SimEvent::kind).containsExactly("fall", "cancel");
        assertThat(cancelled.get(1).fields().get("cancels").asText()).isEqualTo(cancelled.get(0).msgId());

        // the leak's half hours carry the flow; the elder's water readings during it are all above 10 L
        assertThat(byIncident.get(3)).extracting(SimEvent::kind).containsOnly("water");
        assertThat(byIncident.get(3)).allSatisfy(e -> assertThat(e.fields().get("volumeL").asDouble()).isGreaterThan(10));

        // the no-show: elder 2 eats in the history days, not on days 0 and 1
        String reader = plan.population().station(1).readerId();
        String card2 = plan.population().elder(2).cardNumber();
        List<SimEvent> lunches2 = plan.events().stream()
                .filter(e -> e.deviceId().equals(reader) && e.fields().get("credential").get("id").asText().equals(card2))
                .toList();
        assertThat(lunches2).hasSize(5).allSatisfy(e -> assertThat(e.at()).isBefore(plan.start()));
        assertThat(plan.incidents().get(3).expect()).extracting(Expectation::rule).containsExactly("MEAL_NO_SHOW");

        // the duplicate swipe: two lunches of elder 1 on day 1
        assertThat(byIncident.get(5)).extracting(SimEvent::kind).containsExactly("swipe");
        assertThat(plan.incidents().get(4).expect()).extracting(Expectation::rule).containsExactly("DUPLICATE_SUBSIDY");

        assertThat(plan.incidents().get(5).expect()).extracting(Expectation::rule)
                .containsExactly("NIGHT_BED_EXIT", "WANDERING");
        assertThat(plan.events()).isSortedAccordingTo(java.util.Comparator.comparing(SimEvent::at));
    }

    @Test
    void givenAnAway_whenPlanned_thenNothingUsedAtHomeAndMeterRulesMustNotRaise() throws Exception {
        ScenarioFile file = ScenarioFiles.parse("away.json",
                "{\"days\": 2, \"incidents\": [{\"type\": \"away\", \"elder\": 1, \"day\": 1}]}");
        ScenarioPlan plan = ScenarioPlan.build(file, START, "a");
        String water = plan.population().elder(1).waterId(file.seed());
        Instant dayOne = plan.at(1, LocalTime.MIDNIGHT);
        assertThat(plan.events()).filteredOn(e -> e.deviceId().equals(water) && e.at().isAfter(dayOne))
                .allSatisfy(e -> assertThat(e.fields().get("volumeL").asDouble()).isZero());
        assertThat(plan.incidents().get(0).mustNotRaise()).extracting(Expectation::rule)
                .contains("WATER_12H", "WATER_24H", "ELECTRICITY_INACTIVE", "MEAL_NO_SHOW");
    }

    private static List<Instant> bedTimes(ScenarioPlan plan) {
        return plan.events().stream().filter(e -> e.kind().equals("bed")).map(SimEvent::at).toList();
    }

    private static Validator validator(String kind) {
        try {
            JsonObject schema = new JsonObject(Files.readString(CONTRACT.resolve(kind + ".schema.json")));
            return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                    .setBaseUri("https://anxin.cn/contract/v1/").setOutputFormat(OutputFormat.Basic));
        } catch (java.io.IOException e) {
            throw new AssertionError("contract schema of " + kind + " not readable", e);
        }
    }
}
