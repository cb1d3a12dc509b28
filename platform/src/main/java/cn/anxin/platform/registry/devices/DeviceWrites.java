package cn.anxin.platform.registry.devices;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.api.rest.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes devices inside the caller's transaction: registration (with a new secret, of which only an
 * Argon2id hash is stored), upsert by device id (what an import does per row; a secret is issued
 * only when the device is created), secret rotation, rebinding with its history, and settings.
 * Drafts must have been checked ({@link DeviceDraft#problems}, {@link Placements#problems}).
 */
public final class DeviceWrites {

  /** A device just registered, with its secret: the only time the secret is ever shown. */
  public record Registered(String deviceId, String secret) {}

  /** What an upsert did; the secret is present only when the device was created. */
  public record Upserted(Outcome outcome, String deviceId, Optional<String> secret) {

    /** Whether the device was registered, changed, or already said the same. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }
  }

  private static final String INSERT = "INSERT INTO device (id, kind, model, secret_hash, elder_id, site_id, room,"
      + " created_at, secret_issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

  private final Clock clock;
  private final SecretHasher hasher;

  public DeviceWrites(Clock clock, SecretHasher hasher) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /** Registers a device and opens its first binding; 409 {@code device.id-taken} when the id exists. */
  public Registered register(Connection c, DeviceDraft draft, Long boundBy) throws SQLException {
    draft.requireValid();
    Placement placement = Placements.complete(c, draft.placement());
    String secret = SecretHasher.newSecret();
    Instant now = clock.instant();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, draft.id());
      s.setString(2, draft.kind());
      s.setString(3, draft.model());
      s.setString(4, hasher.hashGenerated(secret));
      s.setObject(5, placement.elderId(), Types.BIGINT);
      s.setObject(6, placement.siteId(), Types.BIGINT);
      s.setString(7, placement.room());
      s.setTimestamp(8, Timestamp.from(now));
      s.setTimestamp(9, Timestamp.from(now));
      if (s.executeUpdate() == 0) {
        throw ApiProblem.conflict("device.id-taken", draft.id());
      }
    }
    openBinding(c, draft.id(), placement, now, boundBy);
    return new Registered(draft.id(), secret);
  }

  /**
   * Registers the device with this id, or brings the existing one in line with the draft (model and
   * placement; a rebinding is recorded in the history). A device's kind never changes: a draft with
   * another kind is refused with 409 {@code device.kind-fixed}.
   */
  public Upserted upsert(Connection c, DeviceDraft draft, Long boundBy) throws SQLException {
    draft.requireValid();
    Optional<Stored> stored = stored(c, draft.id());
    if (stored.isEmpty()) {
      Registered registered = register(c, draft, boundBy);
      return new Upserted(Upserted.Outcome.CREATED, draft.id(), Optional.of(registered.secret()));
    }
    if (!stored.get().kind().equals(draft.kind())) {
      throw ApiProblem.conflict("device.kind-fixed", draft.id(), stored.get().kind());
    }
    boolean changed = false;
    if (!Objects.equals(stored.get().model(), draft.model())) {
      setModel(c, draft.id(), draft.model());
      changed = true;
    }
    changed |= rebind(c, draft.id(), draft.placement(), boundBy);
    return new Upserted(changed ? Upserted.Outcome.UPDATED : Upserted.Outcome.UNCHANGED, draft.id(),
        Optional.empty());
  }

  /** A new secret for the device; the old one stops working at once. Empty when there is no such device. */
  public Optional<String> rotateSecret(Connection c, String deviceId) throws SQLException {
    String secret = SecretHasher.newSecret();
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE device SET secret_hash = ?, secret_issued_at = ? WHERE id = ?")) {
      s.setString(1, hasher.hashGenerated(secret));
      s.setTimestamp(2, Timestamp.from(clock.instant()));
      s.setString(3, deviceId);
      return s.executeUpdate() == 1 ? Optional.of(secret) : Optional.empty();
    }
  }

  /**
   * Binds the device anew: closes the current binding row (to_at = now), opens the next, and keeps
   * device.elder_id / site_id / room current. Nothing is written when the placement is the same;
   * answers whether it changed. Throws 404 when there is no such device.
   */
  public boolean rebind(Connection c, String deviceId, Placement wanted, Long boundBy) throws SQLException {
    Placement placement = Placements.complete(c, wanted);
    Stored stored = stored(c, deviceId).orElseThrow(ApiProblem::notFound);
    if (stored.placement().equals(placement)) {
      return false;
    }
    Instant now = clock.instant();
    if (closeBinding(c, deviceId, now) == 0 && !stored.placement().isEmpty()) {
      // A device registered before bindings were kept: record what it was bound to until now.
      try (PreparedStatement s = c.prepareStatement("INSERT INTO device_binding"
          + " (device_id, elder_id, site_id, room, from_at, to_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, deviceId);
        s.setObject(2, stored.placement().elderId(), Types.BIGINT);
        s.setObject(3, stored.placement().siteId(), Types.BIGINT);
        s.setString(4, stored.placement().room());
        s.setTimestamp(5, Timestamp.from(stored.createdAt()));
        s.setTimestamp(6, Timestamp.from(now));
        s.executeUpdate();
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE device SET elder_id = ?, site_id = ?, room = ? WHERE id = ?")) {
      s.setObject(1, placement.elderId(), Types.BIGINT);
      s.setObject(2, placement.siteId(), Types.BIGINT);
      s.setString(3, placement.room());
      s.setString(4, deviceId);
      s.executeUpdate();
    }
    openBinding(c, deviceId, placement, now, boundBy);
    return true;
  }

  /**
   * Whether the device may connect (checked at each CONNECT; a disabled device is refused with "not
   * authorised"). False when there is no such device.
   */
  public boolean setEnabled(Connection c, String deviceId, boolean enabled) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE device SET enabled = ? WHERE id = ?")) {
      s.setBoolean(1, enabled);
      s.setString(2, deviceId);
      return s.executeUpdate() == 1;
    }
  }

  /** The device's model (null or blank clears it); false when there is no such device. */
  public boolean setModel(Connection c, String deviceId, String model) throws SQLException {
    String value = model == null || model.isBlank() ? null : model.strip();
    if (value != null && value.length() > DeviceDraft.MAX_MODEL) {
      throw new IllegalArgumentException("a model has at most " + DeviceDraft.MAX_MODEL + " characters");
    }
    try (PreparedStatement s = c.prepareStatement("UPDATE device SET model = ? WHERE id = ?")) {
      s.setString(1, value);
      s.setString(2, deviceId);
      return s.executeUpdate() == 1;
    }
  }

  private static int closeBinding(Connection c, String deviceId, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE device_binding SET to_at = ? WHERE device_id = ? AND to_at IS NULL")) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setString(2, deviceId);
      return s.executeUpdate();
    }
  }

  private static void openBinding(Connection c, String deviceId, Placement p, Instant at, Long boundBy)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO device_binding"
        + " (device_id, elder_id, site_id, room, from_at, bound_by) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, deviceId);
      s.setObject(2, p.elderId(), Types.BIGINT);
      s.setObject(3, p.siteId(), Types.BIGINT);
      s.setString(4, p.room());
      s.setTimestamp(5, Timestamp.from(at));
      s.setObject(6, boundBy, Types.BIGINT);
      s.executeUpdate();
    }
  }

  private record Stored(String kind, String model, Placement placement, Instant createdAt) {}

  /** The device's row, locked for the rest of the transaction. */
  private static Optional<Stored> stored(Connection c, String deviceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT kind, model, elder_id, site_id, room, created_at FROM device WHERE id = ? FOR UPDATE")) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new Stored(r.getString("kind"), r.getString("model"),
            new Placement(r.getObject("elder_id", Long.class), r.getObject("site_id", Long.class),
                r.getString("room")), r.getTimestamp("created_at").toInstant()));
      }
    }
  }
}
