package cn.anxin.platform.rules.config;

/** JSON Pointers (RFC 6901) into a configuration document. */
public final class Pointers {

  private Pointers() {}

  /** The pointer to a member of the value at {@code base}, its name escaped. */
  public static String child(String base, String name) {
    return base + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String base, int index) {
    return base + "/" + index;
  }
}
