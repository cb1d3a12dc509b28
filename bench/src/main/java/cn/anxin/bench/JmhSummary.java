package cn.anxin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a JMH JSON result ({@code -rf json}) into summary rows for {@code bench/run-all.sh}: one per
 * benchmark and parameter set, its score, unit and error. Usage: {@code JmhSummary <jmh.json> <part>
 * <summary.tsv>} (the file is replaced).
 */
public final class JmhSummary {

  private JmhSummary() {}

  /** Four significant digits, never in exponent form (the summary's values are plain numbers). */
  static String plain(double value) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: JmhSummary <jmh.json> <part> <summary.tsv>");
      System.exit(2);
    }
    Path out = Path.of(args[2]);
    Files.deleteIfExists(out);
    JsonArray results = new JsonArray(Files.readString(Path.of(args[0])));
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      String name = r.getString("benchmark");
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      JsonObject params = r.getJsonObject("params");
      if (params != null && !params.isEmpty()) {
        name += params.stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",", " (", ")"));
      }
      JsonObject metric = r.getJsonObject("primaryMetric");
      double error = metric.getValue("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
      SummaryFile.append(out, args[1], name, r.getString("mode"),
          plain(metric.getDouble("score")), metric.getString("scoreUnit"),
          String.format(Locale.ROOT, "± %.2g; %d fork(s) x %d x %s", error, r.getInteger("forks"),
              r.getInteger("measurementIterations"), r.getString("measurementTime")));
    }
  }
}
