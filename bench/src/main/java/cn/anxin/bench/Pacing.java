package cn.anxin.bench;

import java.util.concurrent.locks.LockSupport;

/** What the ingest runs share while they hold a window open. */
final class Pacing {

  private Pacing() {}

  /** Starts the target's probe; false, with a line saying why, when it cannot. */
  static boolean begin(Probe probe) {
    try {
      probe.begin();
      return true;
    } catch (Exception e) {
      System.out.println("probe unavailable: " + e);
      return false;
    }
  }

  /** Parks until {@code deadlineNanos} of {@link System#nanoTime()}. */
  static void sleepUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
