package cn.anxin.platform.registry.imports;

import cn.anxin.platform.registry.importing.ImportTarget;
import io.vertx.core.json.JsonArray;

/**
 * One import of one register: the target that reads and upserts its rows, and the device secrets
 * issued while doing so (shown once, in the answer).
 */
public interface RegisterImport {

  ImportTarget<?> target();

  /** [{deviceId, secret}] for devices created by this import; empty for other registers. */
  default JsonArray credentials() {
    return new JsonArray();
  }

  /** The elders whose personal data this import wrote, for the access audit; empty for other registers. */
  default java.util.List<Long> eldersWritten() {
    return java.util.List.of();
  }
}
