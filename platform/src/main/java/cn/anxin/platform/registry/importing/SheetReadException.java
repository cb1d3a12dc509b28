package cn.anxin.platform.registry.importing;

import java.util.List;

/** A file that cannot be read as a spreadsheet; carries the file-level problem to report. */
final class SheetReadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient ImportProblem problem;

  SheetReadException(String code, Object... args) {
    super(code + " " + List.of(args));
    this.problem = ImportProblem.fileError(null, code, args);
  }

  ImportProblem problem() {
    return problem;
  }
}
