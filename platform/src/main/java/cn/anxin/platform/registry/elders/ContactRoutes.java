package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.privacy.AccessAudit;
import java.util.List;

/** An elder's contacts: read by everyone who may see the elder (family members partly), kept by carers. */
final class ContactRoutes implements ApiModule {

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listElderContacts", (request, c) -> {
      ScopedElder elder = ScopedElder.find(c, request.principal(), request.pathLong("elderId"));
      var all = Contacts.list(c, elder.id(), request.principal());
      AccessAudit.record(c, request, "ELDER_READ", List.of(elder.id()), List.of("contacts"),
          ElderRoutes.DEFAULT_PURPOSE);
      return ApiReply.ok(all);
    });
    routes.blocking("addElderContact", (request, c) -> {
      ScopedElder elder = ScopedElder.forChange(c, request.principal(), request.pathLong("elderId"));
      long id = Contacts.add(c, elder.id(), request.body());
      return ApiReply.created(Contacts.one(c, elder.id(), id, request.principal()),
          "/api/elders/" + elder.id() + "/contacts/" + id);
    });
    routes.blocking("updateElderContact", (request, c) -> {
      ScopedElder elder = ScopedElder.forChange(c, request.principal(), request.pathLong("elderId"));
      long contactId = request.pathLong("contactId");
      Contacts.update(c, elder.id(), contactId, request.body());
      return ApiReply.ok(Contacts.one(c, elder.id(), contactId, request.principal()));
    });
    routes.blocking("removeElderContact", (request, c) -> {
      ScopedElder elder = ScopedElder.forChange(c, request.principal(), request.pathLong("elderId"));
      Contacts.remove(c, elder.id(), request.pathLong("contactId"));
      return ApiReply.noContent();
    });
  }
}
