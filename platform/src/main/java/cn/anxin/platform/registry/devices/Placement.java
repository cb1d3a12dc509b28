package cn.anxin.platform.registry.devices;

/**
 * Whom and where a device serves: an elder, a site (the one whose staff look after it), a room;
 * each may be absent. When an elder is named without a site, the elder's responsible site is used.
 */
public record Placement(Long elderId, Long siteId, String room) {

  public static final int MAX_ROOM = 64;

  /** Not bound to anyone or anywhere. */
  public static final Placement NONE = new Placement(null, null, null);

  public Placement {
    if (room != null) {
      room = room.strip();
      if (room.isEmpty()) {
        room = null;
      }
    }
  }

  public boolean isEmpty() {
    return elderId == null && siteId == null && room == null;
  }
}
