package cn.anxin.platform.meals;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.registry.DeviceBinding;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One swipe from a meal-station reader, inside the journal transaction that processes it: the
 * station (the meal station the reader is bound to), the credential to the elder, the subsidy under
 * the policy in force (per meal, capped per day), the fraud checks of rules 15 and 16, and one
 * {@code meal_record} whatever came of it (an unknown credential or an elder without a policy is a
 * record with that outcome, not a lost swipe). The reader's own subsidy and paid amounts are kept
 * beside what the platform grants.
 */
public final class SwipeProcessor {

  /** What a swipe became: the record, and the elder it resolved to (for the rules). */
  public record Recorded(long recordId, Optional<Long> elderId, Optional<Long> stationSiteId, String outcome) {}

  private record Credential(long id, long elderId, Instant revokedAt, String revokeReason) {}

  private record Diner(Set<String> categories, Optional<LocalDate> birthDate, boolean erased, boolean deceased) {}

  private final CredentialKeys keys;
  private final Clock clock;
  private final MealPolicies policies = new MealPolicies();
  private final MealFlags flags = new MealFlags();

  public SwipeProcessor(IdCardVault vault, Clock clock) {
    this.keys = new CredentialKeys(vault);
    this.clock = clock;
  }

  public Recorded record(Connection c, long eventId, String deviceId, EventBody.MealSwiped swipe, Instant servedAt,
      DeviceBinding binding) throws SQLException {
    Instant now = clock.instant();
    LocalDate day = MealCalendar.dayOf(servedAt);
    String mealType = swipe.mealType().name().toUpperCase(Locale.ROOT);
    String credentialType = swipe.credential().type().name();
    List<String> notes = new ArrayList<>();
    Long station = station(c, binding, swipe.station(), notes);
    Optional<Credential> credential = credential(c, credentialType, swipe.credential().id());
    Row row = new Row(eventId, deviceId, station, swipe, servedAt, day, mealType, credentialType,
        CredentialKeys.last4(swipe.credential().id()));
    if (credential.isEmpty()) {
      notes.add("no credential registered for this card");
      long id = insert(c, row.outcome("UNKNOWN_CREDENTIAL", null, null, null, 0, notes), now);
      if (station != null) {
        flags.checkStationCount(c, station, day, FraudSettings.read(c), now);
      }
      return new Recorded(id, Optional.empty(), Optional.ofNullable(station), "UNKNOWN_CREDENTIAL");
    }
    long elderId = credential.get().elderId();
    lockElder(c, elderId);
    Diner diner = diner(c, elderId, day);
    Optional<MealPolicy> policy = policies.forMeal(c, diner.categories(), diner.birthDate(), day, mealType,
        policyToday(c, elderId, day));
    int due = 0;
    if (policy.isPresent()) {
      int usedToday = subsidyToday(c, elderId, day);
      due = Math.max(0, Math.min(Math.min(policy.get().amountFor(mealType), swipe.priceFen()),
          policy.get().dailyCapFen() - usedToday));
      if (due < policy.get().amountFor(mealType) && due < swipe.priceFen()) {
        notes.add("daily cap " + policy.get().dailyCapFen() + " fen: " + usedToday + " fen granted earlier today");
      }
    }
    boolean atStake = due > 0 || swipe.subsidyFen() > 0;
    List<MealFlags.Flag> raised = new ArrayList<>();
    Optional<MealFlags.Flag> ineligible = ineligible(diner, credential.get(), servedAt, due, swipe.subsidyFen());
    if (ineligible.isPresent()) {
      if (atStake) {
        raised.add(ineligible.get());
      }
      notes.add("ineligible: " + ineligible.get().reason());
    } else if (atStake && policy.isEmpty()) {
      raised.add(new MealFlags.Flag(MealFlags.INELIGIBLE_RECIPIENT, "NOT_ELIGIBLE", null, 0,
          new JsonObject().put("claimedSubsidyFen", swipe.subsidyFen())
              .put("categories", new io.vertx.core.json.JsonArray(new ArrayList<>(diner.categories())))));
    } else if (atStake) {
      duplicate(c, credential.get(), elderId, station, servedAt, day, policy.get(), due).ifPresent(raised::add);
    }
    String outcome;
    int granted = 0;
    if (ineligible.isPresent()) {
      outcome = atStake ? "WITHHELD" : "NOT_SUBSIDISED";
    } else if (policy.isEmpty()) {
      outcome = "NO_POLICY";
    } else if (!raised.isEmpty()) {
      outcome = "WITHHELD";
    } else {
      granted = due;
      outcome = due > 0 ? "SUBSIDISED" : "NOT_SUBSIDISED";
    }
    if (policy.isEmpty() && ineligible.isEmpty()) {
      notes.add("no subsidy policy in force for the elder");
    }
    if (swipe.subsidyFen() != granted) {
      notes.add("reader applied " + swipe.subsidyFen() + " fen subsidy, granted " + granted + " fen");
    }
    long recordId = insert(c, row.outcome(outcome, credential.get().id(), elderId,
        policy.map(MealPolicy::id).orElse(null), granted, notes), now);
    for (MealFlags.Flag flag : raised) {
      flags.write(c, flag, station, elderId, recordId, day, now);
    }
    if (station != null) {
      flags.checkStationCount(c, station, day, FraudSettings.read(c), now);
    }
    return new Recorded(recordId, Optional.of(elderId), Optional.ofNullable(station), outcome);
  }

  /** Rule 16: a deceased or erased elder, or a credential revoked before the meal. */
  private static Optional<MealFlags.Flag> ineligible(Diner diner, Credential credential, Instant servedAt, int due,
      int claimed) {
    JsonObject detail = new JsonObject().put("claimedSubsidyFen", claimed).put("policySubsidyFen", due);
    if (diner.deceased()) {
      return Optional.of(new MealFlags.Flag(MealFlags.INELIGIBLE_RECIPIENT, "DECEASED", null, 0, detail));
    }
    if (diner.erased()) {
      return Optional.of(new MealFlags.Flag(MealFlags.INELIGIBLE_RECIPIENT, "ERASED", null, 0, detail));
    }
    if (credential.revokedAt() != null && !credential.revokedAt().isAfter(servedAt)) {
      return Optional.of(new MealFlags.Flag(MealFlags.INELIGIBLE_RECIPIENT, "CREDENTIAL_REVOKED", null, 0,
          detail.put("revokeReason", credential.revokeReason())));
    }
    return Optional.empty();
  }

  /**
   * Rule 15: the same credential at another station within the window (either side), or the elder's
   * subsidised meals of the day already at the policy's limit: this subsidy is withheld.
   */
  private Optional<MealFlags.Flag> duplicate(Connection c, Credential credential, long elderId, Long station,
      Instant servedAt, LocalDate day, MealPolicy policy, int due) throws SQLException {
    Duration window = Duration.ofMinutes(FraudSettings.read(c).twoStationMinutes());
    try (PreparedStatement s = c.prepareStatement("SELECT id, station_site_id FROM meal_record"
        + " WHERE credential_id = ? AND station_site_id IS DISTINCT FROM ? AND served_at BETWEEN ? AND ?"
        + " ORDER BY served_at LIMIT 1")) {
      s.setLong(1, credential.id());
      s.setObject(2, station);
      s.setTimestamp(3, Timestamp.from(servedAt.minus(window)));
      s.setTimestamp(4, Timestamp.from(servedAt.plus(window)));
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return Optional.of(new MealFlags.Flag(MealFlags.DUPLICATE_SUBSIDY, "TWO_STATIONS", r.getLong(1), due,
              new JsonObject().put("otherStationSiteId", (Long) r.getObject(2, Long.class))
                  .put("windowMinutes", window.toMinutes())));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM meal_record WHERE elder_id = ? AND service_day = ?"
        + " AND subsidy_fen > 0 ORDER BY served_at")) {
      s.setLong(1, elderId);
      s.setObject(2, day);
      List<Long> subsidised = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          subsidised.add(r.getLong(1));
        }
      }
      if (subsidised.size() >= policy.mealsPerDay()) {
        return Optional.of(new MealFlags.Flag(MealFlags.DUPLICATE_SUBSIDY, "DAILY_LIMIT",
            subsidised.get(subsidised.size() - 1), due,
            new JsonObject().put("mealsPerDay", policy.mealsPerDay()).put("subsidisedBefore", subsidised.size())));
      }
    }
    return Optional.empty();
  }

  /** The meal station the reader is bound to; else the station the reader named, if it is one. */
  private static Long station(Connection c, DeviceBinding binding, Optional<String> named, List<String> notes)
      throws SQLException {
    if (binding.siteId().isPresent()) {
      try (PreparedStatement s = c.prepareStatement("SELECT kind FROM site WHERE id = ?")) {
        s.setLong(1, binding.siteId().get());
        try (ResultSet r = s.executeQuery()) {
          if (r.next() && r.getString(1).equals("MEAL_STATION")) {
            return binding.siteId().get();
          }
        }
      }
    }
    if (named.isPresent()) {
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM site WHERE code = ? AND kind = 'MEAL_STATION'")) {
        s.setString(1, named.get());
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            notes.add("reader not bound to a meal station; station taken from the swipe");
            return r.getLong(1);
          }
        }
      }
    }
    notes.add("reader bound to no meal station");
    return null;
  }

  private Optional<Credential> credential(Connection c, String type, String number) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, elder_id, revoked_at, revoke_reason FROM meal_credential"
        + " WHERE type = ? AND id_hash = ? ORDER BY (revoked_at IS NULL) DESC, issued_at DESC, id DESC LIMIT 1")) {
      s.setString(1, type);
      s.setBytes(2, keys.hash(type, number));
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Timestamp revoked = r.getTimestamp(3);
        return Optional.of(new Credential(r.getLong(1), r.getLong(2),
            revoked == null ? null : revoked.toInstant(), r.getString(4)));
      }
    }
  }

  /** Serialises the meals of one elder (the daily cap and limit are read, then written). */
  private static void lockElder(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(19781, (? % 2147483647)::int)")) {
      s.setLong(1, elderId);
      s.executeQuery().close();
    }
  }

  private static Diner diner(Connection c, long elderId, LocalDate day) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT e.categories, e.birth_date, e.erased_at IS NOT NULL,"
        + " EXISTS (SELECT 1 FROM elder_status st WHERE st.elder_id = e.id AND st.status = 'DECEASED'"
        + " AND st.from_date <= ?) FROM elder e WHERE e.id = ?")) {
      s.setObject(1, day);
      s.setLong(2, elderId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        Set<String> categories = new HashSet<>();
        Array array = r.getArray(1);
        if (array != null) {
          for (Object o : (Object[]) array.getArray()) {
            categories.add((String) o);
          }
        }
        return new Diner(categories, Optional.ofNullable(r.getObject(2, LocalDate.class)), r.getBoolean(3),
            r.getBoolean(4));
      }
    }
  }

  /** The policy the elder's first subsidised meal of the day was granted under, if any. */
  private static Optional<Long> policyToday(Connection c, long elderId, LocalDate day) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT policy_id FROM meal_record WHERE elder_id = ?"
        + " AND service_day = ? AND subsidy_fen > 0 AND policy_id IS NOT NULL ORDER BY served_at, id LIMIT 1")) {
      s.setLong(1, elderId);
      s.setObject(2, day);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
      }
    }
  }

  private static int subsidyToday(Connection c, long elderId, LocalDate day) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT coalesce(sum(subsidy_fen), 0) FROM meal_record WHERE elder_id = ? AND service_day = ?")) {
      s.setLong(1, elderId);
      s.setObject(2, day);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private record Row(long eventId, String deviceId, Long station, EventBody.MealSwiped swipe, Instant servedAt,
      LocalDate day, String mealType, String credentialType, String last4, String outcome, Long credentialId,
      Long elderId, Long policyId, int granted, String note) {

    Row(long eventId, String deviceId, Long station, EventBody.MealSwiped swipe, Instant servedAt, LocalDate day,
        String mealType, String credentialType, String last4) {
      this(eventId, deviceId, station, swipe, servedAt, day, mealType, credentialType, last4, null, null, null, null,
          0, null);
    }

    Row outcome(String outcome, Long credentialId, Long elderId, Long policyId, int granted, List<String> notes) {
      return new Row(eventId, deviceId, station, swipe, servedAt, day, mealType, credentialType, last4, outcome,
          credentialId, elderId, policyId, granted, notes.isEmpty() ? null : String.join("; ", notes));
    }
  }

  private static long insert(Connection c, Row row, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO meal_record (event_id, device_id, station_site_id,"
        + " terminal, served_at, service_day, meal_type, credential_type, credential_last4, credential_id, elder_id,"
        + " policy_id, price_fen, claimed_subsidy_fen, paid_fen, subsidy_fen, outcome, note, recorded_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (event_id) DO UPDATE SET event_id = EXCLUDED.event_id RETURNING id")) {
      s.setLong(1, row.eventId());
      s.setString(2, row.deviceId());
      s.setObject(3, row.station());
      s.setString(4, row.swipe().terminal());
      s.setTimestamp(5, Timestamp.from(row.servedAt()));
      s.setObject(6, row.day());
      s.setString(7, row.mealType());
      s.setString(8, row.credentialType());
      s.setString(9, row.last4());
      s.setObject(10, row.credentialId());
      s.setObject(11, row.elderId());
      s.setObject(12, row.policyId());
      s.setInt(13, row.swipe().priceFen());
      s.setInt(14, row.swipe().subsidyFen());
      s.setInt(15, row.swipe().paidFen());
      s.setInt(16, Math.min(row.granted(), row.swipe().priceFen()));
      s.setString(17, row.outcome());
      s.setString(18, row.note());
      s.setTimestamp(19, Timestamp.from(now));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
