package cn.anxin.bench;

import java.util.List;

/** Target-side observations over the measured window: a snapshot at each end, samples between. */
interface Probe {

  Probe NONE = new Probe() {};

  default void begin() throws Exception {}

  /** Called about once a second from the bench's clock thread while the window is open. */
  default void sample() throws Exception {}

  default List<String> end(double seconds) throws Exception {
    return List.of();
  }
}
