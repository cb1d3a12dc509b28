package cn.anxin.bench.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the rule-step figures from a JMH JSON result ({@code -rf json}): events per second with
 * its error, and the sampled time per event at the usual percentiles, in microseconds.
 *
 * <p>Run: {@code java -cp bench/target/anxin-bench.jar cn.anxin.bench.rules.RuleBenchReport result.json}
 */
public final class RuleBenchReport {

  private static final String[][] PERCENTILES = {
      {"50.0", "p50"}, {"90.0", "p90"}, {"99.0", "p99"}, {"99.9", "p99.9"}, {"100.0", "max"}};

  private RuleBenchReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: RuleBenchReport <jmh-result.json>");
      System.exit(2);
    }
    JsonArray results = new JsonArray(Files.readString(Path.of(args[0])));
    System.out.println();
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      String name = result.getString("benchmark");
      JsonObject metric = result.getJsonObject("primaryMetric");
      String forks = result.getInteger("forks") + " forks x " + result.getInteger("measurementIterations")
          + " x " + result.getString("measurementTime");
      if (name.endsWith(".throughput")) {
        System.out.printf("rule step throughput: %,.0f events/s +- %,.0f (99.9%% CI; %s)%n",
            number(metric.getValue("score")), number(metric.getValue("scoreError")), forks);
      } else if (name.endsWith(".latency")) {
        JsonObject p = metric.getJsonObject("scorePercentiles");
        StringBuilder line = new StringBuilder(String.format("rule step time per event (%s): mean %.0f us",
            metric.getString("scoreUnit"), number(metric.getValue("score"))));
        for (String[] q : PERCENTILES) {
          line.append(String.format(", %s %.0f", q[1], number(p.getValue(q[0]))));
        }
        System.out.println(line + " us (" + forks + ")");
      }
    }
  }

  /** A figure of JMH's JSON, which writes NaN as a string. */
  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
  }
}
