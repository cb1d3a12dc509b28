package cn.anxin.gateway.mqtt;

import java.util.function.LongSupplier;

/**
 * A device's publish allowance: {@code burst} messages at once, refilled at {@code rate} per
 * second. A message over the allowance is not refused: it is told how long to wait.
 */
final class TokenBucket {

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  TokenBucket(int ratePerSecond, int burst, LongSupplier nanoTime) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  /** Takes one token; returns 0 when it was there, else the nanoseconds until it will be. */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
  }
}
