package cn.anxin.platform.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the data lives. With no URL the platform runs an embedded PostgreSQL whose files are kept
 * under {@code dataDir/postgres}, so they survive a restart.
 *
 * @param url JDBC URL of an external PostgreSQL 14+ or TimescaleDB ({@code ANXIN_DB_URL})
 * @param user its user ({@code ANXIN_DB_USER})
 * @param password its password ({@code ANXIN_DB_PASSWORD})
 * @param dataDir where the embedded database and other state live ({@code ANXIN_DATA_DIR})
 * @param poolSize connections in the pool ({@code ANXIN_DB_POOL_SIZE})
 */
public record DatabaseOptions(
    Optional<String> url, String user, String password, Path dataDir, int poolSize) {

  public static final String DEFAULT_DATA_DIR = "anxin-data";
  public static final int DEFAULT_POOL_SIZE = 10;

  public static DatabaseOptions fromEnv(Map<String, String> env) {
    String url = env.get("ANXIN_DB_URL");
    String poolSize = env.get("ANXIN_DB_POOL_SIZE");
    return new DatabaseOptions(
        url == null || url.isBlank() ? Optional.empty() : Optional.of(url.trim()),
        env.getOrDefault("ANXIN_DB_USER", "postgres"),
        env.getOrDefault("ANXIN_DB_PASSWORD", ""),
        Path.of(env.getOrDefault("ANXIN_DATA_DIR", DEFAULT_DATA_DIR)),
        poolSize == null || poolSize.isBlank() ? DEFAULT_POOL_SIZE : Integer.parseInt(poolSize.trim()));
  }

  public static DatabaseOptions embeddedAt(Path dataDir) {
    return new DatabaseOptions(Optional.empty(), "postgres", "", dataDir, DEFAULT_POOL_SIZE);
  }
}
