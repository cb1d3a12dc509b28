package cn.anxin.bench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The registry and journal the consumer benchmark works on: one site, elders each with a fall
 * radar, the first of them also with a water and an electricity meter, and a journal filled with
 * unprocessed rows as the gateway stores them: the devices take turns, one message a minute each
 * (simulated time), radars send heartbeats (one in 500 a fall), meters their readings.
 */
final class ConsumerJournal {

  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  private static final String[] ROOMS = {"bathroom", "bedroom", "living room"};
  private static final int CHUNK = 5_000;
  private static final String INSERT = "INSERT INTO device_event (device_id, msg_id, kind, event_time,"
      + " event_offset_minutes, received_at, payload, device_time, clock_skew_ms)"
      + " SELECT d, m, k, t, 480, t + interval '300 milliseconds', p::jsonb, t, -300"
      + " FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[]) AS u(d, m, k, t, p)";

  /** A device of the bench and the kind of message it sends. */
  private record Device(String id, String kind) {}

  private final List<Device> devices = new ArrayList<>();
  private final Random random = new Random(20261129L);
  private Instant next;
  private long seq;

  /** Registers {@code radars} elders with a radar each; {@code meterPairs} of them also get two meters. */
  ConsumerJournal(DataSource ds, int radars, int meterPairs, Instant start) throws SQLException {
    this.next = start;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      long site;
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
          "INSERT INTO site (code, name, kind) VALUES ('S-CONSUMER-BENCH', '消费压测社区', 'DAY_CARE') RETURNING id")) {
        r.next();
        site = r.getLong(1);
      }
      List<Long> elders = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO elder (code, name, site_id) SELECT 'E-CB-' || lpad(g::text, 5, '0'), '消费压测老人' || g, ?"
              + " FROM generate_series(1, ?) g RETURNING id")) {
        s.setLong(1, site);
        s.setInt(2, radars);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            elders.add(r.getLong(1));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO device (id, kind, secret_hash, elder_id, site_id,"
          + " room) VALUES (?, ?, 'not-used', ?, ?, ?)")) {
        for (int i = 0; i < elders.size(); i++) {
          add(s, new Device(String.format("cb-radar-%05d", i), "FALL_RADAR"), elders.get(i), site, ROOMS[i % 3]);
          if (i < meterPairs) {
            add(s, new Device(String.format("cb-water-%05d", i), "WATER_METER"), elders.get(i), site, "kitchen");
            add(s, new Device(String.format("cb-power-%05d", i), "ELECTRICITY_METER"), elders.get(i), site, "kitchen");
          }
        }
        s.executeBatch();
      }
      c.commit();
    }
  }

  private void add(PreparedStatement s, Device device, long elder, long site, String room) throws SQLException {
    s.setString(1, device.id());
    s.setString(2, device.kind());
    s.setLong(3, elder);
    s.setLong(4, site);
    s.setString(5, room);
    s.addBatch();
    devices.add(device);
  }

  /** Where the simulated time of the next fill starts. */
  Instant next() {
    return next;
  }

  int devices() {
    return devices.size();
  }

  /** Stores {@code rows} more unprocessed rows, continuing the simulated time; returns the kinds' counts. */
  String fill(DataSource ds, int rows) throws SQLException {
    int heartbeats = 0;
    int falls = 0;
    int readings = 0;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      List<String[]> chunk = new ArrayList<>();
      List<Timestamp> times = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        Device device = devices.get((int) (seq % devices.size()));
        if (seq % devices.size() == 0) {
          next = next.plus(Duration.ofMinutes(1));
        }
        Instant at = next.plusMillis(seq % devices.size() * 20);
        String ts = TS.format(at.atOffset(CHINA));
        String msgId = "m" + seq;
        seq++;
        String kind;
        String payload;
        switch (device.kind()) {
          case "WATER_METER" -> {
            kind = "WATER_READING";
            double litres = random.nextInt(10) == 0 ? 2.5 : 0.0;
            payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + ts + "\",\"intervalMinutes\":1,\"volumeL\":"
                + litres + ",\"registerL\":" + (1000 + seq / 10) + "}";
            readings++;
          }
          case "ELECTRICITY_METER" -> {
            kind = "ELECTRICITY_READING";
            payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + ts + "\",\"intervalMinutes\":1,\"energyWh\":"
                + (random.nextInt(30) + 1) + ",\"registerWh\":" + (50000 + seq) + "}";
            readings++;
          }
          default -> {
            if (random.nextInt(500) == 0) {
              kind = "FALL";
              payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + ts + "\",\"confidence\":0.93,\"zone\":\"bathroom\"}";
              falls++;
            } else {
              kind = "HEARTBEAT";
              int battery = device.id().endsWith("7") && random.nextInt(3) == 0 ? 15 : 87;
              payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + ts + "\",\"battery\":" + battery
                  + ",\"firmware\":\"1.4.2\"}";
              heartbeats++;
            }
          }
        }
        chunk.add(new String[] {device.id(), msgId, kind, payload});
        times.add(Timestamp.from(at));
        if (chunk.size() == CHUNK || i == rows - 1) {
          store(c, chunk, times);
          chunk.clear();
          times.clear();
        }
      }
      c.commit();
    }
    return String.format("%d heartbeats, %d meter readings, %d falls", heartbeats, readings, falls);
  }

  private static void store(Connection c, List<String[]> rows, List<Timestamp> times) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (int col = 0; col < 4; col++) {
        int k = col;
        s.setArray(col < 3 ? col + 1 : 5, c.createArrayOf("text", rows.stream().map(r -> r[k]).toArray()));
      }
      s.setArray(4, c.createArrayOf("timestamptz", times.toArray()));
      s.executeUpdate();
    }
  }
}
