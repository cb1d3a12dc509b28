package cn.anxin.platform.registry.imports;

import cn.anxin.platform.api.ApiServices;
import cn.anxin.platform.registry.devices.DeviceWrites;
import cn.anxin.platform.registry.elders.ElderImport;
import cn.anxin.platform.registry.sites.SiteWrites;
import cn.anxin.platform.registry.importing.ImportTarget;
import java.util.Optional;
import javax.sql.DataSource;

/** The registers that can be imported from a spreadsheet, by the kind in the path. */
public final class RegisterImports {

  /** The registers' own import messages, beside the engine's. */
  static final String MESSAGES = "i18n/import_registry";

  private RegisterImports() {}

  /** A fresh import of the register named by kind (elders, sites, devices). */
  public static Optional<RegisterImport> of(String kind, ApiServices services, DataSource dataSource) {
    return switch (kind) {
      case "elders" -> {
        RegistryLookups lookups = RegistryLookups.load(dataSource, services.vault());
        ElderImport elders = new ElderImport(services.vault(), services.clock(), lookups::site);
        yield Optional.of(new RegisterImport() {
          @Override
          public ImportTarget<?> target() {
            return elders;
          }

          @Override
          public java.util.List<Long> eldersWritten() {
            return elders.written();
          }
        });
      }
      case "sites" -> Optional.of(() -> new SiteImport(new SiteWrites(services.clock())));
      case "devices" -> Optional.of(new DeviceImport(new DeviceWrites(services.clock(), services.hasher()),
          RegistryLookups.load(dataSource, services.vault())));
      default -> Optional.empty();
    };
  }
}
