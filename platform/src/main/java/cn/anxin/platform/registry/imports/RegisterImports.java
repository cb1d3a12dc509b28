package cn.anxin.platform.registry.imports;

import cn.anxin.platform.api.ApiServices;
import java.util.Optional;

/** The registers that can be imported from a spreadsheet, by the kind in the path. */
public final class RegisterImports {

  private RegisterImports() {}

  /** A fresh import of the register named by kind (elders, sites, devices). */
  public static Optional<RegisterImport> of(String kind, ApiServices services) {
    return switch (kind) {
      default -> Optional.empty();
    };
  }
}
