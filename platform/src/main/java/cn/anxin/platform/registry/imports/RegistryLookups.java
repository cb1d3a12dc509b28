package cn.anxin.platform.registry.imports;

import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.IdCards;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What rows of a register refer to, read once before the rows are checked: sites by code, and
 * elders by code and by ID-card number (through the keyed look-up hash, never in clear).
 */
final class RegistryLookups {

  private final Map<String, Long> sitesByCode = new HashMap<>();
  private final Map<String, String> deviceKinds = new HashMap<>();
  private final Map<String, Long> eldersByCode = new HashMap<>();
  private final Map<ByteBuffer, Long> eldersByIdCard = new HashMap<>();
  private final IdCardVault vault;

  private RegistryLookups(IdCardVault vault) {
    this.vault = vault;
  }

  static RegistryLookups load(DataSource dataSource, IdCardVault vault) {
    RegistryLookups lookups = new RegistryLookups(vault);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s = c.prepareStatement("SELECT code, id FROM site"); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          lookups.sitesByCode.put(r.getString(1), r.getLong(2));
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT id, kind FROM device"); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          lookups.deviceKinds.put(r.getString(1), r.getString(2));
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT code, id, id_card_hash FROM elder WHERE erased_at IS NULL"); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          lookups.eldersByCode.put(r.getString(1), r.getLong(2));
          byte[] hash = r.getBytes(3);
          if (hash != null) {
            lookups.eldersByIdCard.put(ByteBuffer.wrap(hash), r.getLong(2));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the registry could not be read for the import", e);
    }
    return lookups;
  }

  Optional<Long> site(String code) {
    return Optional.ofNullable(sitesByCode.get(code));
  }

  /** The kind of a registered device; empty for a new one. */
  Optional<String> deviceKind(String id) {
    return Optional.ofNullable(deviceKinds.get(id));
  }

  Optional<Long> elderByCode(String code) {
    return Optional.ofNullable(eldersByCode.get(code));
  }

  /** The elder with this ID-card number; empty also when the number is not a valid one. */
  Optional<Long> elderByIdCard(String raw) {
    return IdCards.normalise(raw).map(n -> eldersByIdCard.get(ByteBuffer.wrap(vault.hash(n))));
  }
}
