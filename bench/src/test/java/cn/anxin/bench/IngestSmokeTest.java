package cn.anxin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny run of the ingest part as run-all runs it: 2 mosquitto_pub publishers against Mosquitto
 * for 3 s (about 10 s in all). Asserts the run completes and leaves the summary rows run-all reads;
 * no figure is checked. Skipped when mosquitto or mosquitto_pub is not installed.
 */
class IngestSmokeTest {

  @TempDir
  Path dir;

  @Test
  void aShortMosquittoRunLeavesTheSummaryRunAllReads() throws Exception {
    Optional<String> mosquitto = executable("mosquitto");
    Optional<String> mosquittoPub = executable("mosquitto_pub");
    assumeTrue(mosquitto.isPresent() && mosquittoPub.isPresent(),
        "mosquitto and mosquitto_pub are not installed (apt-get install mosquitto mosquitto-clients)");
    Path summary = dir.resolve("ingest/summary.tsv");

    int code = new CommandLine(new IngestBench()).execute(
        "--target", "mosquitto", "--mosquitto", mosquitto.get(),
        "--publishers", "mosquitto_pub", "--mosquitto-pub", mosquittoPub.get(),
        "--devices", "2", "--inflight", "20", "--warmup", "1", "--duration", "3",
        "--drain-timeout", "20", "--no-probe",
        "--work-dir", dir.toString(), "--publisher-logs", dir.resolve("logs").toString(),
        "--summary", summary.toString());

    assertThat(code).isZero();
    List<String> lines = Files.readAllLines(summary);
    assertThat(lines.get(0).split("\t")).containsExactly("part", "case", "metric", "value", "unit",
        "note");
    List<String[]> rows = lines.stream().skip(1).map(l -> l.split("\t", -1)).toList();
    assertThat(rows).allSatisfy(r -> {
      assertThat(r).hasSize(6);
      assertThat(r[0]).isEqualTo("ingest");
      assertThat(r[1]).isEqualTo("mosquitto M=20");
    });
    assertThat(rows).extracting(r -> r[2])
        .containsExactly("msg_per_s", "server_cpu_per_msg", "storage");
    assertThat(rows.get(0)[3]).matches("\\d+");
    assertThat(Long.parseLong(rows.get(0)[3])).isPositive();
  }

  private static Optional<String> executable(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin"
        + File.pathSeparator + "/usr/local/sbin";
    return Arrays.stream(path.split(File.pathSeparator))
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
