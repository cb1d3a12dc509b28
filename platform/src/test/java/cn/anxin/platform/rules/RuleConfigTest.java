package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.rules.config.ConfigDiff;
import cn.anxin.platform.rules.config.ConfigError;
import cn.anxin.platform.rules.config.ConfigValidator;
import cn.anxin.platform.rules.config.RuleConfig;
import cn.anxin.platform.rules.config.RuleDocument;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration document alone: completion, validation, precedence of overrides, differences. */
class RuleConfigTest {

  private static final ConfigValidator VALIDATOR = new ConfigValidator(ids -> Set.of(7L));

  @Test
  void givenTheDefaults_whenValidated_thenTheyAreValidAndAlreadyComplete() throws Exception {
    ConfigValidator.Result result = VALIDATOR.validate(RuleDocument.defaults());

    assertThat(result.errors()).isEmpty();
    assertThat(result.document()).isEqualTo(RuleDocument.defaults());
  }

  @Test
  void givenAnEmptyDocument_whenValidated_thenItIsCompletedWithTheDefaultsButNoOverrides() throws Exception {
    JsonObject complete = VALIDATOR.validate(new JsonObject()).document();

    assertThat(complete.getJsonObject("rules")).isEqualTo(RuleDocument.defaults().getJsonObject("rules"));
    assertThat(complete.getJsonArray("mutedWhenAway")).isEqualTo(RuleDocument.defaults().getJsonArray("mutedWhenAway"));
    assertThat(complete.getJsonObject("overrides").getJsonObject("categories")).isEmpty();
  }

  @Test
  void givenOverridesAtEveryLevel_whenSettingsAreAsked_thenElderBeatsAbilityBeatsCategoryBeatsGlobal() throws Exception {
    JsonObject document = VALIDATOR.validate(new JsonObject()
        .put("rules", hrLow(40))
        .put("overrides", new JsonObject()
            .put("categories", new JsonObject().put("AGED_80", hrLow(44)).put("DEMENTIA", hrLow(45)))
            .put("abilityLevels", new JsonObject().put("SEVERE", hrLow(46)))
            .put("elders", new JsonObject().put("7", hrLow(47))))).document();
    RuleConfig config = RuleConfig.of(2, document);

    assertThat(hrLowFor(config, 1, Set.of(), Optional.empty())).isEqualTo(40);
    assertThat(hrLowFor(config, 1, Set.of("AGED_80"), Optional.empty())).isEqualTo(44);
    assertThat(hrLowFor(config, 1, Set.of("AGED_80", "DEMENTIA"), Optional.empty()))
        .as("dementia comes first among categories").isEqualTo(45);
    assertThat(hrLowFor(config, 1, Set.of("DEMENTIA"), Optional.of("SEVERE"))).isEqualTo(46);
    assertThat(hrLowFor(config, 1, Set.of(), Optional.of("MILD"))).isEqualTo(40);
    assertThat(hrLowFor(config, 7, Set.of("DEMENTIA"), Optional.of("SEVERE"))).isEqualTo(47);
  }

  @Test
  void givenLayersThatTogetherCrossAPair_whenSettingsAreAsked_thenTheGlobalPairApplies() throws Exception {
    JsonObject document = VALIDATOR.validate(new JsonObject().put("overrides", new JsonObject()
        .put("categories", new JsonObject().put("DEMENTIA", hrLow(100)))
        .put("elders", new JsonObject().put("7", new JsonObject().put("ABNORMAL_VITALS",
            new JsonObject().put("hrHigh", 90)))))).document();
    RuleConfig config = RuleConfig.of(3, document);

    var settings = config.settings("ABNORMAL_VITALS", 7, Set.of("DEMENTIA"), Optional.empty());

    assertThat(settings.integer("hrLow")).isEqualTo(40);
    assertThat(settings.integer("hrHigh")).isEqualTo(130);
  }

  @Test
  void givenDurationsOfEachUnit_whenRead_thenTheyComeBackAsDurations() {
    RuleConfig config = RuleConfig.defaults();

    assertThat(config.settings("FALL", 1, Set.of(), Optional.empty()).duration("wearableCancelWindowSeconds"))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(config.settings("LONG_LIE", 1, Set.of(), Optional.empty()).duration("dwellBathroomMinutes"))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(config.settings("DEVICE_OFFLINE", 1, Set.of(), Optional.empty()).duration("wearableSilentHours"))
        .isEqualTo(Duration.ofHours(26));
  }

  @Test
  void givenAStoredDocumentOlderThanTheCatalogue_whenRead_thenUnknownOrUnfitValuesAreIgnored() {
    JsonObject stored = RuleDocument.defaults();
    stored.getJsonObject("rules").getJsonObject("FALL").put("wearableCancelWindowSeconds", "thirty").put("old", 1);
    stored.getJsonObject("rules").put("RETIRED_RULE", new JsonObject().put("enabled", true));

    RuleConfig config = RuleConfig.of(9, stored);

    assertThat(config.settings("FALL", 1, Set.of(), Optional.empty()).integer("wearableCancelWindowSeconds"))
        .isEqualTo(30);
  }

  @Test
  void givenKeysWithSlashes_whenRefused_thenThePointersEscapeThem() throws Exception {
    List<ConfigError> errors = VALIDATOR.validate(new JsonObject().put("rules",
        new JsonObject().put("A/B~C", new JsonObject()))).errors();

    assertThat(errors).extracting(ConfigError::pointer).containsExactly("/rules/A~1B~0C");
  }

  @Test
  void givenAnElderIdThatIsNotANumber_whenValidated_thenItIsRefusedWithoutLookingItUp() throws Exception {
    List<ConfigError> errors = VALIDATOR.validate(new JsonObject().put("overrides", new JsonObject()
        .put("elders", new JsonObject().put("abc", new JsonObject()).put("7", new JsonObject())))).errors();

    assertThat(errors).extracting(ConfigError::pointer, ConfigError::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/overrides/elders/abc", "rules.bad-elder-id"));
  }

  @Test
  void givenTwoVersions_whenCompared_thenEveryChangedLeafIsNamed() {
    JsonObject before = RuleDocument.defaults();
    JsonObject after = RuleDocument.defaults();
    after.getJsonObject("rules").getJsonObject("LOW_BATTERY").put("batteryLowPercent", 25);
    after.getJsonObject("overrides").getJsonObject("elders").put("7", hrLow(45));
    after.getJsonObject("overrides").getJsonObject("categories").remove("DEMENTIA");

    List<ConfigDiff.Change> changes = ConfigDiff.between(before, after);

    assertThat(changes).extracting(ConfigDiff.Change::path, ConfigDiff.Change::op).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("/rules/LOW_BATTERY/batteryLowPercent", "changed"),
        org.assertj.core.groups.Tuple.tuple("/overrides/elders/7", "added"),
        org.assertj.core.groups.Tuple.tuple("/overrides/categories/DEMENTIA", "removed"));
  }

  private static int hrLowFor(RuleConfig config, long elderId, Set<String> categories, Optional<String> level) {
    return config.settings("ABNORMAL_VITALS", elderId, categories, level).integer("hrLow");
  }

  private static JsonObject hrLow(int value) {
    return new JsonObject().put("ABNORMAL_VITALS", new JsonObject().put("hrLow", value));
  }
}
