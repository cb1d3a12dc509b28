package cn.anxin.platform.registry.elders;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.IdCards;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of the elder list as SQL conditions on {@code e} (elder), {@code st} (current status)
 * with their parameters. Looking up by ID-card number goes through the keyed hash and is for roles
 * that register or care for elders; the bureau and family members are refused (403).
 */
record ElderFilter(List<String> conditions, List<Object> params) {

  static ElderFilter of(ApiRequest request, IdCardVault vault) {
    List<String> conditions = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    request.queryLong("siteId").ifPresent(site -> {
      conditions.add("e.site_id = ?");
      params.add(site);
    });
    request.query("area").ifPresent(area -> {
      conditions.add("starts_with(e.area_code, ?)");
      params.add(area);
    });
    request.query("status").ifPresent(status -> {
      conditions.add("COALESCE(st.status, 'ACTIVE') = ?");
      params.add(status);
    });
    request.query("riskTier").ifPresent(tier -> {
      conditions.add("e.risk_tier = ?");
      params.add(tier);
    });
    request.query("category").ifPresent(category -> {
      conditions.add("? = ANY (e.categories)");
      params.add(category);
    });
    request.query("livingArrangement").ifPresent(arrangement -> {
      conditions.add("e.living_arrangement = ?");
      params.add(arrangement);
    });
    request.query("q").ifPresent(q -> {
      conditions.add("strpos(e.name, ?) > 0");
      params.add(q.strip());
    });
    request.query("idCard").ifPresent(raw -> {
      if (!request.principal().is(Role.ADMIN, Role.STAFF, Role.SUPERVISOR)) {
        throw ApiProblem.of(403, "elder.id-card-lookup-forbidden");
      }
      String number = IdCards.normalise(raw).orElseThrow(() ->
          ApiProblem.invalid(FieldError.of("/query/idCard", "registry.id-card-invalid")));
      conditions.add("e.id_card_hash = ?");
      params.add(vault.hash(number));
    });
    return new ElderFilter(List.copyOf(conditions), List.copyOf(params));
  }

  String where() {
    return conditions.isEmpty() ? "" : " AND " + String.join(" AND ", conditions);
  }
}
