package cn.anxin.gateway.decode;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The example payload of each kind, as printed in docs/mqtt-contract.md (test resources). */
final class ContractExamples {

  private ContractExamples() {}

  static String resource(EventKind kind) {
    return "/contract/examples/" + kind.topicSegment() + ".json";
  }

  /** The example exactly as written, without the trailing newline. */
  static String text(EventKind kind) {
    try (InputStream in = ContractExamples.class.getResourceAsStream(resource(kind))) {
      if (in == null) {
        throw new IllegalStateException("no example payload " + resource(kind));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the example to change, e.g. into an invalid variant. */
  static JsonObject json(EventKind kind) {
    return new JsonObject(text(kind));
  }
}
