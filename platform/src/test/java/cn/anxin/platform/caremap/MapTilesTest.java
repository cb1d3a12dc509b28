package cn.anxin.platform.caremap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.anxin.platform.launch.SettingRefused;
import cn.anxin.platform.launch.StackOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapTilesTest {

  @Test
  void givenNoTileSettings_whenRead_thenTheMapHasNoTilesAndTheConsoleIsToldSo() {
    MapTiles tiles = MapTiles.fromEnv(Map.of("ANXIN_MAP_TILES", "  "));

    assertThat(tiles).isEqualTo(MapTiles.NONE);
    assertThat(tiles.enabled()).isFalse();
    assertThat(tiles.toJson().encode()).isEqualTo("{\"enabled\":false}");
    assertThat(StackOptions.fromEnv(Map.of()).mapTiles()).isEqualTo(MapTiles.NONE);
    assertThat(StackOptions.loopback().mapTiles()).isEqualTo(MapTiles.NONE);
  }

  @Test
  void givenATemplateAttributionAndMaxZoom_whenRead_thenTheyAreKeptAndTheOriginIsTheTileServer() {
    StackOptions options = StackOptions.fromEnv(Map.of(
        "ANXIN_MAP_TILES", "https://tiles.example.cn:8443/base/{z}/{x}/{y}.png?key=abc",
        "ANXIN_MAP_TILES_ATTRIBUTION", "© 示例地图 GS(2024)0001号",
        "ANXIN_MAP_TILES_MAX_ZOOM", "17"));

    MapTiles tiles = options.mapTiles();
    assertThat(tiles.enabled()).isTrue();
    assertThat(tiles.urlTemplate()).isEqualTo("https://tiles.example.cn:8443/base/{z}/{x}/{y}.png?key=abc");
    assertThat(tiles.attribution()).isEqualTo("© 示例地图 GS(2024)0001号");
    assertThat(tiles.maxZoom()).isEqualTo(17);
    assertThat(tiles.origin()).isEqualTo("https://tiles.example.cn:8443");
    assertThat(tiles.toJson().getInteger("tileSize")).isEqualTo(256);
    assertThat(options.withPiiKeys(null).mapTiles()).as("kept by the other with- methods").isEqualTo(tiles);
    assertThat(MapTiles.fromEnv(Map.of("ANXIN_MAP_TILES", "http://10.0.0.5/t?l={z}&c={x}&r={y}")).maxZoom())
        .isEqualTo(MapTiles.DEFAULT_MAX_ZOOM);
  }

  @Test
  void givenUnusableTemplates_whenTheStackReadsThem_thenItRefusesNamingTheSetting() {
    for (String bad : new String[] {
        "ftp://tiles.example.cn/{z}/{x}/{y}.png",
        "tiles.example.cn/{z}/{x}/{y}.png",
        "https://tiles.example.cn/{z}/{x}.png",
        "https://tiles.example.cn/{z}/{y}/{x}/{s}.png",
        "https://tiles.example.cn/{z}/{x}/{y}.png#top",
        "https://user:secret@tiles.example.cn/{z}/{x}/{y}.png",
        "https:///{z}/{x}/{y}.png",
        "https://tiles.example.cn/{z}/{x}/{y}}.png",
        "javascript:alert(1)//{z}{x}{y}"}) {
      assertThatThrownBy(() -> StackOptions.fromEnv(Map.of("ANXIN_MAP_TILES", bad)))
          .as(bad)
          .isInstanceOf(SettingRefused.class)
          .hasMessageContaining("ANXIN_MAP_TILES must be an http or https URL template with {z}, {x} and {y}");
    }
  }

  @Test
  void givenABadTemplate_whenTheLauncherStarts_thenItExitsAtOnceNamingTheSetting() throws Exception {
    java.nio.file.Path dataDir = java.nio.file.Files.createTempDirectory("anxin-tiles-launch-");
    ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "cn.anxin.platform.launch.AnxinMain", "platform")
        .redirectErrorStream(true);
    builder.environment().put("ANXIN_MAP_TILES", "https://tiles.example.cn/{z}/{x}.png");
    builder.environment().put("ANXIN_DATA_DIR", dataDir.toString());
    builder.environment().put("ANXIN_HTTP_PORT", "0");
    Process launcher = builder.start();
    boolean exited = launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    if (!exited) {
      launcher.destroyForcibly();
    }
    String output = new String(launcher.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(exited).as(output).isTrue();
    assertThat(launcher.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("cannot start: ANXIN_MAP_TILES must be an http or https URL template", "has no {y}")
        .doesNotContain("Exception");
  }

  @Test
  void givenBadCompanionSettings_whenRead_thenEachIsRefusedWithItsName() {
    String url = "https://tiles.example.cn/{z}/{x}/{y}.png";
    assertThatThrownBy(() -> StackOptions.fromEnv(Map.of("ANXIN_MAP_TILES", url, "ANXIN_MAP_TILES_MAX_ZOOM", "deep")))
        .isInstanceOf(SettingRefused.class).hasMessageContaining("ANXIN_MAP_TILES_MAX_ZOOM must be a whole number");
    assertThatThrownBy(() -> StackOptions.fromEnv(Map.of("ANXIN_MAP_TILES", url, "ANXIN_MAP_TILES_MAX_ZOOM", "23")))
        .isInstanceOf(SettingRefused.class).hasMessageContaining("from 0 to 22");
    assertThatThrownBy(() -> StackOptions.fromEnv(Map.of("ANXIN_MAP_TILES_ATTRIBUTION", "© 示例")))
        .isInstanceOf(SettingRefused.class).hasMessageContaining("ANXIN_MAP_TILES is not");
    assertThatThrownBy(() -> StackOptions.fromEnv(Map.of("ANXIN_MAP_TILES", url,
        "ANXIN_MAP_TILES_ATTRIBUTION", "a\nb")))
        .isInstanceOf(SettingRefused.class).hasMessageContaining("ANXIN_MAP_TILES_ATTRIBUTION must be one line");
  }
}
