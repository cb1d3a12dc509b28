package cn.anxin.platform.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana provisioning, dashboards and docker-compose.yml agree with each other: unique ids,
 * data-source references that resolve to the provisioned data source, variables that are defined,
 * Chinese titles, no personal data in any panel, and the compose file mounting what the
 * provisioning expects and providing every variable the data source reads.
 */
class DashboardStructureTest {

  private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
  private static final Pattern ENV = Pattern.compile("\\$\\{(\\w+)}");
  /** Columns that identify a person; Grafana's reads bypass the platform's access audit. */
  private static final Pattern PERSONAL = Pattern.compile(
      "\\be\\.name\\b|elder\\.name|\\bphone\\b|\\baddress\\b|id_card|\\bbirth_date\\b|display_name|username",
      Pattern.CASE_INSENSITIVE);

  @Test
  void givenTheDashboards_whenRead_thenIdsAreUniqueAndEveryReferenceResolves() throws Exception {
    Map<String, Object> datasource = datasource();
    Set<String> uids = new HashSet<>();
    List<JsonObject> boards = Dashboards.all();
    assertThat(boards).extracting(b -> b.getString("__file"))
        .contains("supervision.json", "operations.json", "devices.json");
    for (JsonObject board : boards) {
      String file = board.getString("__file");
      assertThat(uids.add(board.getString("uid"))).as("uid of %s is unique", file).isTrue();
      assertThat(CJK.matcher(board.getString("title")).find()).as("%s has a Chinese title", file).isTrue();
      assertThat(board.getString("timezone")).isEqualTo("Asia/Shanghai");
      Set<String> defined = new HashSet<>();
      for (Object v : board.getJsonObject("templating").getJsonArray("list")) {
        JsonObject variable = (JsonObject) v;
        defined.add(variable.getString("name"));
        if (variable.containsKey("datasource")) {
          assertResolves(variable.getJsonObject("datasource"), datasource, file + " $" + variable.getString("name"));
        }
      }
      Set<Integer> ids = new HashSet<>();
      for (Object p : board.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        String where = file + " / " + panel.getString("title");
        assertThat(ids.add(panel.getInteger("id"))).as("panel id of %s is unique", where).isTrue();
        assertThat(CJK.matcher(panel.getString("title")).find()).as("%s has a Chinese title", where).isTrue();
        JsonObject grid = panel.getJsonObject("gridPos");
        assertThat(grid.getInteger("x") + grid.getInteger("w")).as("%s fits the 24 columns", where).isLessThanOrEqualTo(24);
        assertResolves(panel.getJsonObject("datasource"), datasource, where);
        JsonArray targets = panel.getJsonArray("targets");
        assertThat(targets).as("%s queries something", where).isNotEmpty();
        for (Object t : targets) {
          JsonObject target = (JsonObject) t;
          assertResolves(target.getJsonObject("datasource"), datasource, where);
          String sql = target.getString("rawSql");
          assertThat(defined).as("variables used by %s", where).containsAll(Dashboards.variablesIn(sql));
          assertThat(sql).as("%s runs on PostgreSQL and TimescaleDB alike", where).doesNotContain("time_bucket");
          Matcher personal = PERSONAL.matcher(sql);
          assertThat(personal.find()).as("%s selects personal data (%s)", where, personal.hitEnd() ? "" : personal.group())
              .isFalse();
        }
      }
    }
  }

  @Test
  void givenTheComposeFile_whenRead_thenGrafanaGetsTheProvisioningAndEveryVariableTheDataSourceReads()
      throws Exception {
    Map<String, Object> compose = Dashboards.yaml(Dashboards.ROOT.resolve("docker-compose.yml"));
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services).containsKeys("timescaledb", "grafana", "anxin");
    assertThat((String) map(services.get("timescaledb")).get("image")).startsWith("timescale/timescaledb:");

    Map<String, Object> grafana = map(services.get("grafana"));
    Map<String, Object> env = map(grafana.get("environment"));
    String datasourceFile = Files.readString(Dashboards.PROVISIONING.resolve("datasources/anxin.yaml"));
    Matcher m = ENV.matcher(datasourceFile);
    List<String> needed = new ArrayList<>();
    while (m.find()) {
      needed.add(m.group(1));
    }
    assertThat(needed).isNotEmpty();
    assertThat(env).as("grafana's environment").containsKeys(needed.toArray(String[]::new));
    assertThat(String.valueOf(env.get("ANXIN_GRAFANA_DB_HOST"))).startsWith("timescaledb:");

    List<String> volumes = list(grafana.get("volumes"));
    Map<String, Object> provider = map(list(Dashboards.yaml(Dashboards.PROVISIONING.resolve("dashboards/anxin.yaml"))
        .get("providers")).stream().findFirst().orElseThrow());
    String dashboardsPath = String.valueOf(map(provider.get("options")).get("path"));
    assertThat(volumes).anyMatch(v -> v.startsWith("./dashboards/provisioning:/etc/grafana/provisioning"));
    assertThat(volumes).anyMatch(v -> v.startsWith("./dashboards/json:" + dashboardsPath));
    for (String volume : volumes) {
      assertThat(Dashboards.ROOT.resolve(volume.substring(0, volume.indexOf(':')))).as(volume).exists();
    }

    Map<String, Object> anxin = map(services.get("anxin"));
    String readme = Files.readString(Dashboards.ROOT.resolve("README.md"));
    for (String name : map(anxin.get("environment")).keySet()) {
      assertThat(readme).as("README documents %s", name).contains("`" + name + "`");
    }
    String dockerfile = String.valueOf(map(anxin.get("build")).get("dockerfile"));
    assertThat(Dashboards.ROOT.resolve(dockerfile)).exists();
    assertThat(String.valueOf(map(anxin.get("environment")).get("ANXIN_DB_URL")))
        .isEqualTo("jdbc:postgresql://timescaledb:5432/" + map(map(services.get("timescaledb")).get("environment"))
            .get("POSTGRES_DB"));
  }

  private static Map<String, Object> datasource() throws Exception {
    Map<String, Object> file = Dashboards.yaml(Dashboards.PROVISIONING.resolve("datasources/anxin.yaml"));
    List<Object> all = list(file.get("datasources"));
    assertThat(all).hasSize(1);
    return map(all.get(0));
  }

  private static void assertResolves(JsonObject reference, Map<String, Object> datasource, String where) {
    assertThat(reference).as("%s names its data source", where).isNotNull();
    assertThat(reference.getString("uid")).as("%s data source uid", where).isEqualTo(datasource.get("uid"));
    assertThat(reference.getString("type")).as("%s data source type", where).isEqualTo(datasource.get("type"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object o) {
    return (List<T>) o;
  }
}
