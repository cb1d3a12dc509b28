package cn.anxin.platform.testing;

import cn.anxin.gateway.mqtt.GatewayOptions;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class that runs against one whole stack on loopback over a fresh database of its own,
 * started before its first test and stopped after its last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnRunningStack {

  protected HikariDataSource db;
  protected RunningStack stack;

  /** The gateway options this class needs; the listeners always get free ports on 127.0.0.1. */
  protected GatewayOptions gatewayOptions() throws Exception {
    return GatewayOptions.defaults();
  }

  @BeforeAll
  final void startStack() throws Exception {
    db = TestDatabases.fresh();
    stack = RunningStack.start(db, gatewayOptions());
  }

  @AfterAll
  final void stopStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
