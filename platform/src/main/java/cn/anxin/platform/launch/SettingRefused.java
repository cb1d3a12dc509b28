package cn.anxin.platform.launch;

/** A setting from the environment that the stack cannot run with; the message names it and says what it must be. */
public final class SettingRefused extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public SettingRefused(String message) {
    super(message);
  }
}
