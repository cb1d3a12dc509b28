package cn.anxin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benches' temporary directories (an embedded database's data, logs of a run). */
public final class WorkDirs {

  private WorkDirs() {}

  /** Deletes a directory and everything in it, as far as it can; what cannot be deleted is left behind. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // left behind in the work directory
        }
      });
    } catch (IOException e) {
      // left behind in the work directory
    }
  }
}
