package cn.anxin.bench.jmh;

import cn.anxin.gateway.decode.DecodeException;
import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's per-message decode ({@link PayloadDecoder#decode}: JSON parse, JSON Schema 2020-12
 * validation, typed fields, re-encoding for the journal) of a fall and a heartbeat, beside a bare
 * JSON parse of the same fall payload to show what the schema step adds. Single-threaded ops/s.
 *
 * <p>Run: {@code java -cp bench/target/anxin-bench.jar org.openjdk.jmh.Main PayloadDecoderBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PayloadDecoderBenchmark {

  private PayloadDecoder decoder;
  private Buffer fall;
  private Buffer heartbeat;
  private Instant receivedAt;

  @Setup
  public void setUp() throws DecodeException {
    decoder = new PayloadDecoder();
    fall = Buffer.buffer("{\"msgId\":\"radar-001-000042\",\"ts\":\"2026-11-29T02:14:07.250+08:00\","
        + "\"confidence\":0.93,\"zone\":\"bathroom\"}");
    heartbeat = Buffer.buffer("{\"msgId\":\"radar-001-000043\",\"ts\":\"2026-11-29T02:15:00+08:00\","
        + "\"battery\":87,\"firmware\":\"1.4.2\"}");
    receivedAt = Instant.parse("2026-11-28T18:14:07.300Z");
    // Both must be valid, or the benchmark would measure the refusal path.
    decoder.decode("radar-001", EventKind.FALL, fall, receivedAt);
    decoder.decode("radar-001", EventKind.HEARTBEAT, heartbeat, receivedAt);
  }

  @Benchmark
  public DeviceEvent decodeFall() throws DecodeException {
    return decoder.decode("radar-001", EventKind.FALL, fall, receivedAt);
  }

  @Benchmark
  public DeviceEvent decodeHeartbeat() throws DecodeException {
    return decoder.decode("radar-001", EventKind.HEARTBEAT, heartbeat, receivedAt);
  }

  /** The JSON parse alone, the first step of decode. */
  @Benchmark
  public Object parseFallJsonOnly() {
    return fall.toJsonValue();
  }
}
