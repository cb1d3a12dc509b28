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

  /** Observations taken during the measured window; lines for the report at the end. */
  Probe probe();

  /**
   * Checks what was stored against what was acknowledged, once nothing is in flight any more.
   *
   * @param acknowledged every PUBACK of the run (warm-up, measured window and drain)
   */
  Verdict verify(long acknowledged) throws Exception;

  /**
   * Observations once the publishers have stopped, over at most {@code seconds}: for Anxin, how
   * fast the platform works off the journal backlog when it has the machine to itself.
   */
  default List<String> afterLoad(int seconds) throws Exception {
    return List.of();
  }

  @Override
  void close();

  /** The storage check: {@code ok} is null when the target stores nothing (the baseline). */
  record Verdict(Boolean ok, String text) {}
}
