package cn.anxin.bench.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A data source that counts and times what its callers ask of the database, per statement kind:
 * each prepared statement's executions (keyed by the start of its SQL), commits, rollbacks and
 * savepoints. The time is the caller's wall time inside the driver call: the round trip, the
 * server's work and the wait for the CPU on a busy machine.
 */
final class StatementTimer {

  private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
      "executeBatch", "executeLargeUpdate");
  private static final Set<String> CONNECTION_CALLS = Set.of("commit", "rollback", "setSavepoint",
      "releaseSavepoint");

  /** Calls and nanoseconds of one statement kind. */
  record Figure(String label, long calls, long nanos) {}

  private final Map<String, LongAdder[]> figures = new ConcurrentHashMap<>();

  DataSource wrap(DataSource target) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          return result instanceof Connection c && method.getName().equals("getConnection") ? connection(c) : result;
        });
  }

  void reset() {
    figures.clear();
  }

  List<Figure> figures() {
    List<Figure> out = new ArrayList<>();
    figures.forEach((label, f) -> out.add(new Figure(label, f[0].sum(), f[1].sum())));
    out.sort((a, b) -> Long.compare(b.nanos(), a.nanos()));
    return out;
  }

  private Connection connection(Connection target) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if (CONNECTION_CALLS.contains(name)) {
            String label = name.equals("rollback") && args != null ? "ROLLBACK TO SAVEPOINT" : name.toUpperCase();
            return timed(label, target, method, args);
          }
          Object result = invoke(target, method, args);
          if (result instanceof PreparedStatement s && args != null && args[0] instanceof String sql) {
            return statement(s, label(sql));
          }
          return result;
        });
  }

  private PreparedStatement statement(PreparedStatement target, String label) {
    return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) ->
            EXECUTIONS.contains(method.getName()) && (args == null || args.length == 0)
                ? timed(label, target, method, args) : invoke(target, method, args));
  }

  private Object timed(String label, Object target, Method method, Object[] args) throws Throwable {
    long t0 = System.nanoTime();
    try {
      return invoke(target, method, args);
    } finally {
      LongAdder[] f = figures.computeIfAbsent(label, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
      f[0].increment();
      f[1].add(System.nanoTime() - t0);
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The statement's first words, enough to tell the kinds apart. */
  static String label(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() <= 72 ? flat : flat.substring(0, 72) + "...";
  }
}
