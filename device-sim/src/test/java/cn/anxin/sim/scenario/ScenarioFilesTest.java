package cn.anxin.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioFilesTest {

    @Test
    void theBundledScenariosParse() throws Exception {
        ScenarioFile two = ScenarioFiles.bundled("two-days.json");
        assertThat(two.name()).isEqualTo("two-days");
        assertThat(two.incidents()).hasSize(6);
        assertThat(ScenarioFiles.bundled("week.json").days()).isEqualTo(7);
    }

    @Test
    void givenNoFields_thenTheDefaults() throws Exception {
        ScenarioFile file = ScenarioFiles.parse("empty.json", "{}");
        assertThat(file.days()).isEqualTo(1);
        assertThat(file.elders()).isEqualTo(4);
        assertThat(file.radarHeartbeatSeconds()).isEqualTo(60);
        assertThat(file.incidents()).isEmpty();
    }

    @Test
    void givenBrokenJson_thenTheLineAndColumnAreNamed() {
        String text = "{\n  \"days\": 2,\n  \"elders\": 3\n  \"seed\": 4\n}";
        assertThatThrownBy(() -> ScenarioFiles.parse("broken.json", text))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith("broken.json line 4, column")
                .satisfies(e -> assertThat(((ScenarioFileException) e).line()).isEqualTo(4));
    }

    @Test
    void givenAnUnknownField_thenItsLineAndName() {
        String text = "{\n  \"days\": 2,\n  \"elderz\": 3\n}";
        assertThatThrownBy(() -> ScenarioFiles.parse("typo.json", text))
                .hasMessageStartingWith("typo.json line 3, column")
                .hasMessageContaining("unknown field \"elderz\"");
    }

    @Test
    void givenAnUnknownIncidentType_thenTheIncidentsLineAndTheKnownTypes() {
        String text = "{\n  \"incidents\": [\n    {\"type\": \"fall\", \"elder\": 1},\n"
                + "    {\"type\": \"flood\", \"elder\": 2}\n  ]\n}";
        assertThatThrownBy(() -> ScenarioFiles.parse("types.json", text))
                .hasMessageStartingWith("types.json line 4, column")
                .hasMessageContaining("unknown incident type \"flood\"")
                .hasMessageContaining("night-wandering");
    }

    @Test
    void givenAnIncidentOfAnElderOutsideThePopulation_thenThatIncidentsLine() {
        String text = "{\n  \"elders\": 2,\n  \"incidents\": [\n    {\"type\": \"fall\", \"elder\": 1},\n\n"
                + "    {\"type\": \"leak\", \"elder\": 5}\n  ]\n}";
        assertThatThrownBy(() -> ScenarioFiles.parse("who.json", text))
                .hasMessageStartingWith("who.json line 6, column")
                .hasMessageContaining("incident 2: elder 5 is not in the population (1-2)");
    }

    @Test
    void givenAValueOutOfRangeOrOfTheWrongKind_thenItsLine() {
        assertThatThrownBy(() -> ScenarioFiles.parse("r.json", "{\n\"days\": 0\n}"))
                .hasMessageStartingWith("r.json line ")
                .hasMessageContaining("\"days\" must be 1 to 60, was 0");
        assertThatThrownBy(() -> ScenarioFiles.parse("k.json", "{\n\n\"days\": \"two\"\n}"))
                .hasMessageStartingWith("k.json line 3, column");
        assertThatThrownBy(() -> ScenarioFiles.parse("t.json",
                "{\"days\": 2, \"incidents\": [\n{\"type\": \"fall\", \"elder\": 1, \"at\": \"25:00\"}]}"))
                .hasMessageStartingWith("t.json line 2")
                .hasMessageContaining("\"at\" must be a time of day as HH:mm");
    }

    @Test
    void givenANoShowThatEndsAfterTheScenario_thenItIsRefused() {
        assertThatThrownBy(() -> ScenarioFiles.parse("n.json",
                "{\"days\": 2, \"incidents\": [{\"type\": \"meal-no-show\", \"elder\": 1, \"day\": 1}]}"))
                .hasMessageContaining("second day");
    }
}
