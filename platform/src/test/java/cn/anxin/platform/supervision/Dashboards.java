package cn.anxin.platform.supervision;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Grafana files under {@code dashboards/} and {@code docker-compose.yml}, read as Grafana would. */
final class Dashboards {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path JSON = ROOT.resolve("dashboards/json");
  static final Path PROVISIONING = ROOT.resolve("dashboards/provisioning");
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^()]+)\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\$(\\w+)");

  /** One query of one panel (or a variable's query). */
  record Query(String dashboard, String panel, String type, String format, String sql) {
    @Override
    public String toString() {
      return dashboard + " / " + panel;
    }
  }

  private Dashboards() {}

  static List<JsonObject> all() throws IOException {
    List<JsonObject> boards = new ArrayList<>();
    try (Stream<Path> files = Files.list(JSON)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        boards.add(new JsonObject(Files.readString(file)).put("__file", file.getFileName().toString()));
      }
    }
    return boards;
  }

  static List<Query> panelQueries() throws IOException {
    List<Query> queries = new ArrayList<>();
    for (JsonObject board : all()) {
      for (Object p : board.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        JsonArray targets = panel.getJsonArray("targets", new JsonArray());
        for (Object t : targets) {
          JsonObject target = (JsonObject) t;
          queries.add(new Query(board.getString("__file"), panel.getString("title"), panel.getString("type"),
              target.getString("format", "table"), target.getString("rawSql")));
        }
      }
    }
    return queries;
  }

  static List<Query> variableQueries() throws IOException {
    List<Query> queries = new ArrayList<>();
    for (JsonObject board : all()) {
      for (Object v : board.getJsonObject("templating").getJsonArray("list")) {
        JsonObject variable = (JsonObject) v;
        if ("query".equals(variable.getString("type"))) {
          queries.add(new Query(board.getString("__file"), "$" + variable.getString("name"), "variable", "table",
              variable.getString("query")));
        }
      }
    }
    return queries;
  }

  /** The variables a query uses, macros ({@code $__...}) aside. */
  static List<String> variablesIn(String sql) {
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(sql);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      if (!name.startsWith("__")) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The SQL Grafana would send: the time macros as its PostgreSQL data source expands them (quoted
   * RFC 3339 instants), and {@code ${name:sqlstring}} as a quoted, comma-separated list of values.
   */
  static String expand(String sql, String from, String to, Map<String, List<String>> values) {
    String out = TIME_FILTER.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(
        m.group(1) + " BETWEEN '" + from + "' AND '" + to + "'"));
    out = out.replace("$__timeFrom()", "'" + from + "'").replace("$__timeTo()", "'" + to + "'");
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      String list = String.join(",", e.getValue().stream().map(v -> "'" + v.replace("'", "''") + "'").toList());
      out = out.replace("${" + e.getKey() + ":sqlstring}", list);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) throws IOException {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
  }
}
