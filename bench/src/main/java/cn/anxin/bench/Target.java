package cn.anxin.bench;

import java.util.List;

/** What the publishers talk to: the Anxin gateway over PostgreSQL, or the Mosquitto baseline. */
interface Target extends AutoCloseable {

  /** {@code anxin} or {@code mosquitto}. */
  String name();

  /** Paho server URI, always on 127.0.0.1. */
  String serverUri();

  /** The devices the publishers connect as, registered where the target needs that. */
  List<BenchDevice> devices();

  /** Lines describing the target (versions, settings) for the report. */
  List<String> describe();

  /**
   * The processes serving the target outside this JVM (PostgreSQL's postmaster and backends,
   * Mosquitto), for their CPU time; looked up again at each snapshot.
   */
  default List<ProcessHandle> serverProcesses() {
    return List.of();
  }

  /**
   * The target's own count of QoS 1 PUBLISHes it has taken in, for the measured window when the
   * publishers do not report PUBACKs (mosquitto_pub): Anxin, the heartbeat and fall rows of the
   * run's devices committed in {@code device_event}; Mosquitto, its
   * {@code $SYS/broker/publish/messages/received} counter. {@code atNanos} is when the count held.
   */
  Received received() throws Exception;

  /**
   * A cheap, frequently callable count of the same (Anxin: the gateway's stored-events counter;
   * Mosquitto: the latest $SYS value), to pace the feeders of mosquitto_pub and print progress.
   */
  long progress();

  /**
   * A better rate than end points when the count moves in steps ({@link SysCounter#rate}); empty
   * when {@link #received()} at both ends is exact enough.
   */
  default java.util.OptionalDouble rate(long fromNanos, long toNanos) {
    return java.util.OptionalDouble.empty();
  }

  /** How stale {@link #progress()} may be, in milliseconds (Mosquitto's $SYS interval). */
  default long progressLagMillis() {
    return 50;
  }

  /**
   * Devices connected so far (CONNECTs accepted), so the warm-up starts once every publisher is
   * in; -1 when the target does not say (Mosquitto lets anonymous clients in at once).
   */
  default long connectedDevices() {
    return -1;
  }

  /** Whether devices log in with their id and secret (Anxin) or anonymously (Mosquitto). */
  boolean authenticates();

  /** 127.0.0.1 port of the MQTT listener, for publishers outside this JVM. */
  int port();

  /** Observations taken during the measured window; lines for the report at the end. */
  Probe probe();

  /**
   * Checks what was stored against what was acknowledged, once nothing is in flight any more.
   *
   * @param sent every message of the run the publishers had acknowledged (Paho: PUBACKs received;
   *     mosquitto_pub: every line fed to a publisher that then exited cleanly)
   * @param what what {@code sent} counts, for the report
   */
  Verdict verify(long sent, String what) throws Exception;

  /**
   * Observations once the publishers have stopped, over at most {@code seconds}: for Anxin, how
   * fast the platform works off the journal backlog when it has the machine to itself.
   */
  default List<String> afterLoad(int seconds) throws Exception {
    return List.of();
  }

  @Override
  void close();

  /** A count of messages taken in, and when (System.nanoTime()) it held. */
  record Received(long count, long atNanos) {}

  /** The storage check: {@code ok} is null when the target stores nothing (the baseline). */
  record Verdict(Boolean ok, String text) {}
}
