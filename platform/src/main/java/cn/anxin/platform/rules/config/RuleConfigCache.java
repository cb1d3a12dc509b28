package cn.anxin.platform.rules.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active rule configuration, parsed once per version. {@link #refresh(Connection)} costs one
 * indexed read while the version is unchanged; the evaluating side calls it once per batch, so a
 * new version takes effect without a restart, in this process and in any other.
 */
public final class RuleConfigCache {

  private static final Logger LOG = LoggerFactory.getLogger(RuleConfigCache.class);

  private final RuleConfigStore store;
  private volatile RuleConfig current;

  public RuleConfigCache(RuleConfigStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The active version, re-read when another has become active since the last call. */
  public synchronized RuleConfig refresh(Connection c) throws SQLException {
    int active = store.activeVersion(c);
    RuleConfig cached = current;
    if (cached != null && cached.version() == active) {
      return cached;
    }
    RuleConfig loaded = RuleConfig.of(active, store.active(c).document());
    LOG.info("rule configuration version {} in force{}", active,
        cached == null ? "" : " (was " + cached.version() + ")");
    current = loaded;
    return loaded;
  }

  /** The configuration last read, reading it when there is none yet. */
  public RuleConfig current(Connection c) throws SQLException {
    RuleConfig cached = current;
    return cached != null ? cached : refresh(c);
  }
}
