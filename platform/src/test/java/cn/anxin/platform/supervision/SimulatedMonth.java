package cn.anxin.platform.supervision;

import cn.anxin.platform.store.series.ReadingProjection;
import cn.anxin.platform.store.series.SeriesLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A seeded month of a small prefecture, as the platform would have stored it: two counties with
 * day-care centres, meal stations, institutions and community sites; eighty elders with devices,
 * assessments, status periods and consents; a month of device events, refused messages, alerts
 * handled at realistic speeds (some slow, some false, a few still open), staff on duty and audited
 * reads. The same seed gives the same month.
 */
final class SimulatedMonth {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final List<String> COUNTIES = List.of("532301", "532322");
  private static final String[] COMMUNITIES = {"001001", "001002", "002001"};
  private static final String[][] RULES = {
      {"FALL", "P1"}, {"SOS", "P1"}, {"SUSPECTED_FALL", "P2"}, {"LONG_LIE", "P2"}, {"ABNORMAL_VITALS", "P1"},
      {"DEVICE_OFFLINE", "P3"}, {"LOW_BATTERY", "P3"}};

  final YearMonth month;
  final List<Long> siteIds = new ArrayList<>();
  private final DataSource db;
  private final SupervisionFixture f;
  private final Random random;
  private final List<Long> deviceOwners = new ArrayList<>();
  private final List<String> elderDevices = new ArrayList<>();
  private final List<String> allDevices = new ArrayList<>();
  private final List<Long> elders = new ArrayList<>();

  SimulatedMonth(DataSource db, YearMonth month, long seed) {
    this.db = db;
    this.f = new SupervisionFixture(db);
    this.month = month;
    this.random = new Random(seed);
  }

  Instant start() {
    return month.atDay(1).atStartOfDay(ZONE).toInstant();
  }

  Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant();
  }

  SimulatedMonth live() throws SQLException {
    for (int county = 0; county < COUNTIES.size(); county++) {
      county(COUNTIES.get(county), 101.5 + county * 0.3, 25.0 - county * 0.2);
    }
    deviceEvents();
    refusals();
    alerts();
    return this;
  }

  private void county(String code, double lon, double lat) throws SQLException {
    long dayCare = f.site("DAY_CARE", code + COMMUNITIES[0], lon, lat);
    long meals = f.site("MEAL_STATION", code + COMMUNITIES[1], lon + 0.01, lat);
    long institution = f.site("INSTITUTION", code + COMMUNITIES[1], lon - 0.01, lat, 80 + random.nextInt(60),
        30 + random.nextInt(40));
    long community = f.site("COMMUNITY", code + COMMUNITIES[2], lon, lat + 0.02);
    siteIds.addAll(List.of(dayCare, meals, institution, community));
    List<Long> staff = new ArrayList<>();
    for (long site : List.of(dayCare, institution)) {
      for (int i = 0; i < 3; i++) {
        long account = f.account(i == 0 ? "SUPERVISOR" : "STAFF", site);
        staff.add(account);
        execute("INSERT INTO staff_duty (account_id, on_duty, lon, lat, updated_at) VALUES (" + account + ", "
            + (i != 2) + ", " + lon + ", " + lat + ", now())");
      }
    }
    for (int i = 0; i < 40; i++) {
      boolean resident = i < 10;
      String living = resident ? "IN_INSTITUTION"
          : List.of("ALONE", "EMPTY_NEST", "LEFT_BEHIND", "WITH_FAMILY").get(random.nextInt(4));
      List<String> categories = new ArrayList<>();
      for (String c : List.of("EXTREME_POVERTY", "LOW_INCOME", "AGED_80", "DISABLED", "DEMENTIA")) {
        if (random.nextInt(4) == 0) {
          categories.add(c);
        }
      }
      Double elderLon = i % 13 == 0 ? null : lon + (random.nextDouble() - 0.5) * 0.04;
      Double elderLat = elderLon == null ? null : lat + (random.nextDouble() - 0.5) * 0.04;
      long elder = f.elder(resident ? institution : dayCare, code + COMMUNITIES[random.nextInt(3)], elderLon,
          elderLat, living, categories.toArray(String[]::new));
      elders.add(elder);
      care(elder, List.of("HIGH", "KEY", "GENERAL").get(random.nextInt(3)), staff);
      LocalDate assessed = month.atDay(1).minusDays(random.nextInt(400));
      if (random.nextInt(5) > 0) {
        f.assessment(elder, random.nextInt(91), assessed, assessed.plusDays(365));
      }
      if (i == 39) {
        f.status(elder, "DECEASED", month.atDay(20));
      } else if (i == 38) {
        f.status(elder, "HOSPITAL", month.atDay(10));
      }
      for (String purpose : List.of("NOTIFY_FAMILY", "HEALTH_MONITORING", "LOCATION")) {
        if (random.nextInt(3) > 0) {
          f.consent(elder, purpose, random.nextInt(6) > 0);
        }
      }
      devices(elder, resident ? institution : dayCare);
    }
    meals(meals, elders.subList(elders.size() - 30, elders.size()));
    for (String role : List.of("STAFF", "FAMILY", "BUREAU", "ADMIN")) {
      for (int i = 0; i < 5; i++) {
        f.audit(role, start().plus(Duration.ofHours(random.nextInt(24 * 28))), pick(elders), pick(elders));
      }
    }
  }

  /**
   * A month of lunches at a meal station: each of the diners eats on most days (some are regulars),
   * the subsidy by one policy for everyone, an unknown card now and then, and a fraud flag or two.
   */
  private void meals(long station, List<Long> diners) throws SQLException {
    String reader = f.device("MEAL_READER", null, station, true, Instant.now());
    long policy = f.insert("INSERT INTO meal_policy (name, tier, breakfast_fen, lunch_fen, dinner_fen, daily_cap_fen,"
        + " effective_from, created_at) VALUES ('普惠', 'ALL', 200, 500, 300, 500, ?, now()) RETURNING id",
        month.atDay(1).minusYears(1));
    for (int day = 1; day <= month.lengthOfMonth(); day++) {
      LocalDate serviceDay = month.atDay(day);
      for (long elder : diners) {
        if (random.nextInt(10) >= 7) {
          continue;
        }
        boolean known = random.nextInt(40) > 0;
        Timestamp at = Timestamp.from(serviceDay.atTime(11, random.nextInt(60)).atZone(ZONE).toInstant());
        long event = f.insert("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
            + " received_at, payload, processed_at) VALUES (?, ?, 'MEAL_SWIPE', ?, 480, ?, '{}'::jsonb, now())"
            + " RETURNING id", reader, "swipe-" + elder + "-" + day, at, at);
        long record = f.insert("INSERT INTO meal_record (event_id, device_id, station_site_id, terminal, served_at,"
            + " service_day, meal_type, credential_type, credential_last4, elder_id, policy_id, price_fen,"
            + " claimed_subsidy_fen, paid_fen, subsidy_fen, outcome, recorded_at)"
            + " VALUES (?, ?, ?, 'T1', ?, ?, 'LUNCH', 'ELDER_CARD', '1234', ?, ?, 1200, 500, ?, ?, ?, now()) RETURNING id",
            event, reader, station, at, serviceDay, known ? elder : null, known ? policy : null, known ? 700 : 1200,
            known ? 500 : 0, known ? "SUBSIDISED" : "UNKNOWN_CREDENTIAL");
        if (known && random.nextInt(150) == 0) {
          f.insert("INSERT INTO meal_flag (rule, reason, station_site_id, elder_id, meal_record_id, service_day,"
              + " withheld_fen, raised_at) VALUES ('DUPLICATE_SUBSIDY', 'DAILY_LIMIT', ?, ?, ?, ?, 500, ?) RETURNING id",
              station, elder, record, serviceDay, at);
        }
      }
    }
  }

  /** The elder's risk tier, this month's visits (some tiers short of what they need), a work order or not. */
  private void care(long elder, String tier, List<Long> staff) throws SQLException {
    execute("UPDATE elder SET risk_tier = '" + tier + "' WHERE id = " + elder);
    int visits = switch (tier) {
      case "HIGH" -> 2 + random.nextInt(4);
      case "KEY" -> random.nextInt(3);
      default -> random.nextInt(2);
    };
    String[] modes = {"HOME_VISIT", "PHONE", "VIDEO", "AT_CENTRE"};
    for (int v = 0; v < visits; v++) {
      long visitor = staff.get(random.nextInt(staff.size()));
      Timestamp at = Timestamp.from(start().plus(Duration.ofHours(8 + random.nextInt(24 * 27))));
      f.insert("INSERT INTO care_visit (elder_id, visitor_id, mode, visited_at, findings, recorded_by, recorded_at)"
          + " VALUES (?, ?, ?, ?, '状况良好', ?, ?) RETURNING id", elder, visitor, modes[random.nextInt(modes.length)],
          at, visitor, at);
    }
    if (random.nextInt(4) == 0) {
      long by = staff.get(0);
      boolean done = random.nextBoolean();
      Timestamp at = Timestamp.from(start().plus(Duration.ofHours(random.nextInt(24 * 27))));
      f.insert("INSERT INTO care_work_order (elder_id, kind, description, status, outcome, due_at, created_by,"
          + " created_at, updated_at, closed_by, closed_at) VALUES (?, 'HOME_CHECK', '上门查看', ?, ?, ?, ?, ?, ?, ?, ?)"
          + " RETURNING id", elder, done ? "DONE" : "OPEN", done ? "已上门" : null, at, by, at, at, done ? by : null,
          done ? at : null);
    }
  }

  private void devices(long elder, long site) throws SQLException {
    for (String kind : List.of("FALL_RADAR", "WEARABLE", "WATER_METER", "ELECTRICITY_METER")) {
      if (random.nextInt(10) < 6) {
        String id = f.device(kind, elder, site, random.nextInt(100) < 85,
            Instant.now().minus(Duration.ofMinutes(random.nextInt(40 * 60))));
        execute("UPDATE device SET battery = " + (5 + random.nextInt(96)) + " WHERE id = '" + id + "'");
        allDevices.add(id);
        deviceOwners.add(elder);
        elderDevices.add(id);
      }
    }
  }

  private void deviceEvents() throws SQLException {
    String[] flags = {"OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "LATE", "CLOCK_AHEAD"};
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO device_event (device_id, msg_id, kind, event_time,"
            + " event_offset_minutes, received_at, payload, processed_at, time_flag)"
            + " VALUES (?, ?, ?, ?, 480, ?, ?::jsonb, now(), ?) RETURNING id")) {
      int n = 0;
      for (String device : allDevices) {
        for (Instant at = start(); at.isBefore(end()); at = at.plus(Duration.ofHours(8 + random.nextInt(8)))) {
          Timestamp ts = Timestamp.from(at);
          String[] reading = reading(device);
          s.setString(1, device);
          s.setString(2, "m-" + (++n));
          s.setString(3, reading[0]);
          s.setTimestamp(4, ts);
          s.setTimestamp(5, ts);
          s.setString(6, reading[1]);
          s.setString(7, flags[random.nextInt(flags.length)]);
          try (var r = s.executeQuery()) {
            r.next();
            ids.add(r.getLong(1));
          }
        }
      }
      c.setAutoCommit(false);
      new ReadingProjection(SeriesLayout.NATIVE).project(c, ids);
      c.commit();
    }
  }

  /** A journal kind and payload such as the device would have sent. */
  private String[] reading(String device) {
    if (device.startsWith("fall-radar")) {
      return new String[] {"VITALS", "{\"heartRate\":" + (55 + random.nextInt(40)) + ",\"breathingRate\":"
          + (12 + random.nextInt(8)) + ",\"inBed\":true}"};
    }
    if (device.startsWith("water-meter")) {
      return new String[] {"WATER_READING", "{\"intervalMinutes\":30,\"volumeL\":" + random.nextInt(60)
          + ",\"registerL\":" + (1000 + random.nextInt(9000)) + "}"};
    }
    if (device.startsWith("electricity-meter")) {
      return new String[] {"ELECTRICITY_READING", "{\"intervalMinutes\":30,\"energyWh\":" + random.nextInt(400)
          + ",\"registerWh\":" + (10000 + random.nextInt(90000)) + "}"};
    }
    return new String[] {"HEARTBEAT", "{\"battery\":" + random.nextInt(101) + "}"};
  }

  private void refusals() throws SQLException {
    String[] reasons = {"PAYLOAD_INVALID", "TOPIC_NOT_ALLOWED", "TOO_LARGE"};
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO rejected_message (device_id, topic, reason, payload,"
            + " received_at) VALUES (?, 'anxin/v1/devices/x/events/fall', ?, '\\x7b'::bytea, ?)")) {
      for (int i = 0; i < 30; i++) {
        s.setString(1, allDevices.get(random.nextInt(allDevices.size())));
        s.setString(2, reasons[random.nextInt(reasons.length)]);
        s.setTimestamp(3, Timestamp.from(start().plus(Duration.ofMinutes(random.nextInt(60 * 24 * 28)))));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private void alerts() throws SQLException {
    Set<String> open = new HashSet<>();
    int days = month.lengthOfMonth();
    for (int day = 0; day < days; day++) {
      for (int k = 0; k < 4; k++) {
        int pick = random.nextInt(elderDevices.size());
        long elder = deviceOwners.get(pick);
        String device = elderDevices.get(pick);
        String[] rule = RULES[random.nextInt(RULES.length)];
        Instant raised = start().plus(Duration.ofDays(day)).plus(Duration.ofMinutes(random.nextInt(24 * 60)));
        boolean stillOpen = day >= days - 2 && random.nextInt(3) == 0 && open.add(elder + rule[0]);
        Duration ack = random.nextInt(10) == 0 ? null : Duration.ofSeconds(5 + random.nextInt(175));
        Duration onSite = ack != null && random.nextBoolean() ? Duration.ofMinutes(5 + random.nextInt(40)) : null;
        boolean falseAlarm = random.nextInt(4) == 0;
        Duration closed = stillOpen ? null : Duration.ofMinutes(50 + random.nextInt(120));
        f.alert(elder, device, rule[0], rule[1], raised, stillOpen ? ack : ack == null ? Duration.ofMinutes(3) : ack,
            stillOpen ? null : onSite, closed, falseAlarm ? "FALSE_ALARM" : "RESOLVED",
            falseAlarm ? "FALSE_ALARM_DEVICE" : "REAL_EVENT");
      }
    }
  }

  private long pick(List<Long> from) {
    return from.get(random.nextInt(from.size()));
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.getConnection(); var s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
