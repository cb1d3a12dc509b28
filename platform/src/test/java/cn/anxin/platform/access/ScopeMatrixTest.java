package cn.anxin.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every operation of the API contract (read from the running platform's /api/openapi.json, so a
 * new operation is covered the day it is added): a staff member of another centre and a family
 * member of another elder are refused, and learn nothing: asking about another centre's elder,
 * site, device, alert, contact, command or account gets exactly the answer that asking about one
 * that does not exist gets, and no list shows them.
 */
class ScopeMatrixTest extends OnRunningStack {

  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");

  /** A request body the contract accepts, per operation that has one, so refusals come from scope. */
  private static final Map<String, JsonObject> BODIES = ScopeMatrixBodies.BODIES;

  private final Map<String, String> outside = new LinkedHashMap<>();
  private final Map<String, String> missing = new LinkedHashMap<>();
  private final List<String> outsideMarkers = new ArrayList<>();
  private ApiClient staff;
  private ApiClient family;

  @BeforeAll
  void twoCentres() throws Exception {
    long ownElder = TestRegistry.elderWithRadar(db, "本中心老人", "radar-scope-a", "secret-a");
    long otherElder = TestRegistry.elderWithRadar(db, "他中心老人乙", "radar-scope-b", "secret-b");
    long ownSite = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", ownElder);
    long otherSite = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", otherElder);
    TestAccounts.create(db, "scope.staff", Role.STAFF, ownSite);
    TestAccounts.family(db, "scope.family", ownElder);
    long otherAccount = TestAccounts.create(db, "scope.other.staff", Role.STAFF, otherSite);
    long contact;
    long alert;
    long visit;
    long workOrder;
    long mealLeave;
    UUID command = UUID.randomUUID();
    try (Connection c = db.getConnection()) {
      mealLeave = insert(c, "INSERT INTO meal_leave (elder_id, from_date, to_date, recorded_at)"
          + " VALUES (?, current_date, current_date, now()) RETURNING id", otherElder);
      contact = insert(c, "INSERT INTO elder_contact (elder_id, name, relation, phone) VALUES (?, '乙方家属', '女儿',"
          + " '13911112222') RETURNING id", otherElder);
      long event = insert(c, "INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes,"
          + " received_at, payload) VALUES ('radar-scope-b', 'm-1', 'FALL', now(), 480, now(), '{}') RETURNING id");
      alert = insert(c, "INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at,"
          + " cause_event_id, device_id) VALUES (?, 'FALL', 'P1', now(), now(), now(), ?, 'radar-scope-b')"
          + " RETURNING id", otherElder, event);
      visit = insert(c, "INSERT INTO care_visit (elder_id, visitor_id, mode, visited_at, findings, recorded_by,"
          + " recorded_at) VALUES (?, ?, 'HOME_VISIT', now(), '乙方探访记录', ?, now()) RETURNING id",
          otherElder, otherAccount, otherAccount);
      workOrder = insert(c, "INSERT INTO care_work_order (elder_id, kind, description, created_by, created_at,"
          + " updated_at) VALUES (?, 'HOME_CHECK', '乙方工单', ?, now(), now()) RETURNING id", otherElder, otherAccount);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO device_command (id, device_id, name, created_at,"
          + " deadline) VALUES (?, 'radar-scope-b', 'silence-buzzer', now(), now() + interval '1 minute')")) {
        s.setObject(1, command);
        s.executeUpdate();
      }
    }
    put("elderId", otherElder, "99999999");
    put("siteId", otherSite, "99999999");
    put("deviceId", "radar-scope-b", "no-such-device");
    put("accountId", otherAccount, "99999999");
    put("alertId", alert, "99999999");
    put("contactId", contact, "99999999");
    put("commandId", command, UUID.randomUUID());
    put("kind", "elders", "elders");
    put("notificationId", 1, "99999999");
    put("webhookId", 1, "99999999");
    put("view", "indicator_response", "indicator_response");
    put("visitId", visit, "99999999");
    put("workOrderId", workOrder, "99999999");
    put("leaveId", mealLeave, "99999999");
    put("credentialId", 1, "99999999");
    put("policyId", 1, "99999999");
    put("flagId", 1, "99999999");
    outsideMarkers.addAll(List.of("他中心老人乙", "radar-scope-b", "S-radar-scope-b", "乙方家属", "13911112222",
        "scope.other.staff"));
    outsideMarkers.addAll(List.of("乙方探访记录", "乙方工单"));
    staff = stack.signIn("scope.staff");
    family = stack.signIn("scope.family");
  }

  @TestFactory
  Stream<DynamicTest> everyOperationKeepsOtherCentresOut() {
    JsonObject contract = stack.anonymous().get("/api/openapi.json").json();
    List<DynamicTest> tests = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation) || !operation.containsKey("operationId")) {
          continue;
        }
        String id = operation.getString("operationId");
        if (isPublic(operation) || isStream(operation) || path.equals("/api/session")) {
          continue; // signing out would end the matrix's own sessions; SignInTest covers it
        }
        tests.add(DynamicTest.dynamicTest(method.toUpperCase() + " " + path + " (" + id + ") as staff",
            () -> check(staff, Role.STAFF, method, path, operation)));
        tests.add(DynamicTest.dynamicTest(method.toUpperCase() + " " + path + " (" + id + ") as family",
            () -> check(family, Role.FAMILY, method, path, operation)));
      }
    }
    assertThat(tests).as("operations found in the contract").hasSizeGreaterThan(10);
    return tests.stream();
  }

  private void check(ApiClient client, Role role, String method, String path, JsonObject operation) {
    String id = operation.getString("operationId");
    boolean admitted = operation.getJsonArray("x-roles").contains(role.name())
        || operation.getJsonArray("x-roles").contains("ANY");
    // The role is checked before the body is read, so only admitted callers need a valid body.
    String body = admitted ? bodyOf(operation) : operation.containsKey("requestBody") ? "{}" : null;
    String type = body == null ? null : body.equals("x") ? "application/octet-stream" : "application/json";
    boolean hasParams = PARAM.matcher(path).find();
    if (!hasParams) {
      Answer answer = client.send(method.toUpperCase(), path, body, type);
      if (!admitted) {
        assertThat(answer.status()).as(id + ": " + answer.body()).isEqualTo(403);
        return;
      }
      assertThat(answer.status()).as(id + ": " + answer.body()).isLessThan(500);
      for (String marker : outsideMarkers) {
        assertThat(answer.body()).as(id + " shows another centre's " + marker).doesNotContain(marker);
      }
      return;
    }
    Answer other = client.send(method.toUpperCase(), fill(path, outside), body, type);
    Answer none = client.send(method.toUpperCase(), fill(path, missing), body, type);
    if (!admitted) {
      assertThat(other.status()).as(id + ": " + other.body()).isEqualTo(403);
      assertThat(none.status()).isEqualTo(403);
      return;
    }
    assertThat(other.status()).as(id + " about another centre's data: " + other.body()).isEqualTo(404);
    assertThat(withoutInstance(other)).as(id + ": the answer reveals that it exists")
        .isEqualTo(withoutInstance(none));
    String shown = withoutInstance(other).encode();
    for (String marker : outsideMarkers) {
      assertThat(shown).as(id + " shows " + marker).doesNotContain(marker);
    }
  }

  private static String bodyOf(JsonObject operation) {
    if (!operation.containsKey("requestBody")) {
      return null;
    }
    JsonObject content = operation.getJsonObject("requestBody").getJsonObject("content", new JsonObject());
    if (!content.containsKey("application/json")) {
      return "x";
    }
    JsonObject given = BODIES.get(operation.getString("operationId"));
    if (given != null) {
      return given.encode();
    }
    Object example = content.getJsonObject("application/json").getValue("example");
    if (example == null) {
      throw new AssertionError("operation " + operation.getString("operationId") + " has a JSON body but neither"
          + " an example in the contract nor a body in ScopeMatrixBodies");
    }
    return example instanceof JsonObject o ? o.encode() : String.valueOf(example);
  }

  private static JsonObject withoutInstance(Answer answer) {
    JsonObject body = answer.body().isBlank() ? new JsonObject() : answer.json();
    body.remove("instance");
    return body.put("status", answer.status());
  }

  private static String fill(String path, Map<String, String> values) {
    Matcher m = PARAM.matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new AssertionError("no value for path parameter " + m.group(1) + " in " + path);
      }
      m.appendReplacement(out, value);
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean isPublic(JsonObject operation) {
    JsonArray security = operation.getJsonArray("security");
    return security != null && security.isEmpty();
  }

  private static boolean isStream(JsonObject operation) {
    return operation.getJsonObject("responses", new JsonObject()).encode().contains("text/event-stream");
  }

  private void put(String name, Object outsideValue, Object missingValue) {
    outside.put(name, String.valueOf(outsideValue));
    missing.put(name, String.valueOf(missingValue));
  }

  private static long insert(Connection c, String sql, Object... args) throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
