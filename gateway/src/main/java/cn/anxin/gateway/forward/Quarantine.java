package cn.anxin.gateway.forward;

import io.vertx.core.Future;

/** Keeps refused messages for inspection, apart from the event journal. */
public interface Quarantine {
  Future<Void> keep(Rejection rejection);
}
