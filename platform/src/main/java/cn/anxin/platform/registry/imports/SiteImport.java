package cn.anxin.platform.registry.imports;

import cn.anxin.platform.registry.importing.ImportColumn;
import cn.anxin.platform.registry.importing.ImportContext;
import cn.anxin.platform.registry.importing.ImportRow;
import cn.anxin.platform.registry.importing.ImportTarget;
import cn.anxin.platform.registry.importing.Outcome;
import cn.anxin.platform.registry.importing.PointCells;
import cn.anxin.platform.registry.importing.RowProblems;
import cn.anxin.platform.registry.sites.SiteDraft;
import cn.anxin.platform.registry.sites.SiteWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The bureau's site register (站点登记表): day-care centres, institutions, meal stations,
 * communities and homes, one per row, upserted by site code with the same rules as the API.
 */
final class SiteImport implements ImportTarget<SiteDraft> {

  static final Map<String, String> KINDS = Map.of(
      "日间照料中心", "DAY_CARE", "养老机构", "INSTITUTION", "助餐点", "MEAL_STATION",
      "老年幸福食堂", "MEAL_STATION", "社区", "COMMUNITY", "居家", "HOME", "家庭", "HOME");

  private static final List<ImportColumn> COLUMNS = List.of(
      ImportColumn.required("code", "站点编码", "code", "编码"),
      ImportColumn.required("name", "站点名称", "name", "名称"),
      ImportColumn.required("kind", "站点类型", "kind", "类型"),
      ImportColumn.optional("address", "地址", "address"),
      ImportColumn.optional("areaCode", "行政区划代码", "areaCode", "区划代码"),
      ImportColumn.optional("lon", "经度", "lon", "longitude"),
      ImportColumn.optional("lat", "纬度", "lat", "latitude"),
      ImportColumn.optional("ownerOrg", "运营单位", "ownerOrg", "owner"),
      ImportColumn.optional("phone", "联系电话", "phone", "电话"),
      ImportColumn.optional("beds", "床位数", "beds"),
      ImportColumn.optional("nursingBeds", "护理型床位数", "nursingBeds"),
      ImportColumn.optional("active", "是否启用", "active"));

  private final SiteWrites writes;

  SiteImport(SiteWrites writes) {
    this.writes = writes;
  }

  @Override
  public String kind() {
    return "sites";
  }

  @Override
  public List<ImportColumn> columns() {
    return COLUMNS;
  }

  @Override
  public SiteDraft parse(ImportRow row, RowProblems problems) {
    PointCells.Point point = PointCells.read(row, problems, "lon", "lat");
    Boolean active = row.bool("active");
    SiteDraft draft = new SiteDraft(row.requiredText("code"), row.requiredText("name"), row.choice("kind", KINDS),
        row.text("address"), row.text("areaCode"),
        point == null ? null : new SiteDraft.Location(point.lon(), point.lat()),
        row.text("ownerOrg"), row.text("phone"), row.integer("beds", 0, SiteDraft.MAX_BEDS),
        row.integer("nursingBeds", 0, SiteDraft.MAX_BEDS), active == null || active).normalised();
    if (!problems.hasErrors()) {
      FieldErrors.report(draft.problems(""), problems);
    }
    return draft;
  }

  @Override
  public String messageBundle() {
    return RegisterImports.MESSAGES;
  }

  @Override
  public String identity(SiteDraft draft) {
    return draft.code();
  }

  @Override
  public Outcome upsert(Connection c, SiteDraft draft, ImportContext ctx) throws SQLException {
    return Outcome.valueOf(writes.upsert(c, draft).outcome().name());
  }
}
