package cn.anxin.platform.registry.imports;

import cn.anxin.platform.registry.devices.DeviceDraft;
import cn.anxin.platform.registry.devices.DeviceWrites;
import cn.anxin.platform.registry.devices.Placement;
import cn.anxin.platform.registry.devices.Placements;
import cn.anxin.platform.registry.importing.ImportColumn;
import cn.anxin.platform.registry.importing.ImportContext;
import cn.anxin.platform.registry.importing.ImportRow;
import cn.anxin.platform.registry.importing.ImportTarget;
import cn.anxin.platform.registry.importing.Outcome;
import cn.anxin.platform.registry.importing.RowProblems;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device register (设备登记表): one device per row, bound to an elder (by ID-card number or
 * elder code) and/or a site (by code), upserted by device id. A device created by the import gets a
 * secret, kept for the answer (shown once) and stored only as its hash.
 */
final class DeviceImport implements ImportTarget<DeviceDraft>, RegisterImport {

  static final Map<String, String> KINDS = Map.of(
      "跌倒雷达", "FALL_RADAR", "毫米波雷达", "FALL_RADAR", "智能手环", "WEARABLE", "紧急呼叫器", "WEARABLE",
      "穿戴设备", "WEARABLE", "智能水表", "WATER_METER", "智能电表", "ELECTRICITY_METER", "助餐读卡器", "MEAL_READER");

  private static final List<ImportColumn> COLUMNS = List.of(
      ImportColumn.required("id", "设备编号", "id", "deviceId"),
      ImportColumn.required("kind", "设备类型", "kind", "类型"),
      ImportColumn.optional("model", "型号", "model"),
      ImportColumn.optional("elderIdCard", "老人身份证号", "elderIdCard", "身份证号"),
      ImportColumn.optional("elderCode", "老人编号", "elderCode"),
      ImportColumn.optional("siteCode", "站点编码", "siteCode"),
      ImportColumn.optional("room", "安装位置", "room", "房间"));

  private final DeviceWrites writes;
  private final RegistryLookups lookups;
  private final JsonArray credentials = new JsonArray();

  DeviceImport(DeviceWrites writes, RegistryLookups lookups) {
    this.writes = writes;
    this.lookups = lookups;
  }

  @Override
  public ImportTarget<?> target() {
    return this;
  }

  @Override
  public JsonArray credentials() {
    return credentials;
  }

  @Override
  public String kind() {
    return "devices";
  }

  @Override
  public List<ImportColumn> columns() {
    return COLUMNS;
  }

  @Override
  public DeviceDraft parse(ImportRow row, RowProblems problems) {
    Long elder = elder(row, problems);
    Long site = null;
    String siteCode = row.text("siteCode");
    if (siteCode != null) {
      site = lookups.site(siteCode).orElse(null);
      if (site == null) {
        problems.error("siteCode", "import.device.site-unknown");
      }
    }
    DeviceDraft draft = new DeviceDraft(row.requiredText("id"), row.choice("kind", KINDS), row.text("model"),
        new Placement(elder, site, row.text("room")));
    if (!problems.hasErrors()) {
      FieldErrors.report(draft.problems(""), problems);
    }
    lookups.deviceKind(draft.id()).filter(k -> draft.kind() != null && !k.equals(draft.kind()))
        .ifPresent(k -> problems.error("kind", "import.device.kind-fixed", k));
    return draft;
  }

  private Long elder(ImportRow row, RowProblems problems) {
    String idCard = row.text("elderIdCard");
    String code = row.text("elderCode");
    Optional<Long> byCard = idCard == null ? Optional.empty() : lookups.elderByIdCard(idCard);
    Optional<Long> byCode = code == null ? Optional.empty() : lookups.elderByCode(code);
    if (idCard != null && byCard.isEmpty()) {
      problems.error("elderIdCard", "import.device.elder-unknown");
    }
    if (code != null && byCode.isEmpty()) {
      problems.error("elderCode", "import.device.elder-unknown");
    }
    if (byCard.isPresent() && byCode.isPresent() && !byCard.equals(byCode)) {
      problems.error("elderCode", "import.device.elder-mismatch");
    }
    return byCard.or(() -> byCode).orElse(null);
  }

  @Override
  public String messageBundle() {
    return RegisterImports.MESSAGES;
  }

  @Override
  public String identity(DeviceDraft draft) {
    return draft.id();
  }

  @Override
  public Outcome upsert(Connection c, DeviceDraft draft, ImportContext ctx) throws SQLException {
    Placement placement = Placements.complete(c, draft.placement());
    DeviceDraft complete = new DeviceDraft(draft.id(), draft.kind(), draft.model(), placement);
    String account = ctx.option("accountId");
    DeviceWrites.Upserted done = writes.upsert(c, complete, account == null ? null : Long.valueOf(account));
    done.secret().ifPresent(secret -> credentials.add(new JsonObject().put("deviceId", done.deviceId())
        .put("secret", secret)));
    return Outcome.valueOf(done.outcome().name());
  }
}
