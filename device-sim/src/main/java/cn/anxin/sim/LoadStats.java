package cn.anxin.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/** Counters of a load run, updated from the event loops and read by the progress line and the report. */
final class LoadStats {

    final LongAdder attempted = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder churned = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder ackTimeouts = new LongAdder();
    final LongAdder lostInFlight = new LongAdder();
    final LongAdder publishErrors = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final AtomicInteger held = new AtomicInteger();
    final AtomicInteger peakHeld = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    /** PUBACK latency in microseconds, up to one hour. */
    final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3_600_000_000L, 3);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    void connected() {
        accepted.increment();
        peakHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
    }

    void failed(String reason) {
        failed.increment();
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Failed connection attempts by reason, sorted by reason. */
    Map<String, Long> failuresByReason() {
        Map<String, Long> sorted = new TreeMap<>();
        failures.forEach((reason, n) -> sorted.put(reason, n.sum()));
        return sorted;
    }
}
