package cn.anxin.platform.caremap;

import java.time.Duration;
import java.time.ZoneId;

/** The care map's fixed settings. */
public final class CareMapOptions {

  /** The zone whose calendar decides which status period covers "today" (China Standard Time). */
  public static final ZoneId SERVICE_ZONE = ZoneId.of("Asia/Shanghai");

  /** A staff position older than this is stale: shown as such, and ranked after fresh ones for dispatch. */
  public static final Duration FRESH_POSITION = Duration.ofMinutes(30);

  /** How many responders a dispatch look-up lists unless asked otherwise. */
  public static final int DEFAULT_RESPONDERS = 5;

  private CareMapOptions() {}
}
