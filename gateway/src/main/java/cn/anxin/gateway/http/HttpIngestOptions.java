package cn.anxin.gateway.http;

/**
 * Bounds of the HTTP ingest.
 *
 * @param maxMessageBytes largest body of one event, and largest payload of one batch item: the
 *     same limit as an MQTT message ({@code ANXIN_MQTT_MAX_MESSAGE_BYTES})
 * @param maxBatchItems most items in one batch
 * @param maxBatchBytes largest body of one batch
 */
public record HttpIngestOptions(int maxMessageBytes, int maxBatchItems, int maxBatchBytes) {

  public static final int DEFAULT_MAX_BATCH_ITEMS = 500;
  public static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;

  public HttpIngestOptions {
    if (maxMessageBytes <= 0 || maxBatchItems <= 0 || maxBatchBytes <= 0) {
      throw new IllegalArgumentException("HTTP ingest bounds must be positive");
    }
  }

  /** The given message limit, with the default batch bounds. */
  public static HttpIngestOptions withMessageLimit(int maxMessageBytes) {
    return new HttpIngestOptions(maxMessageBytes, DEFAULT_MAX_BATCH_ITEMS, DEFAULT_MAX_BATCH_BYTES);
  }
}
