package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import java.sql.SQLException;

/** Catalogue rule 1: an SOS button press is an alert at once (P1), late or not. */
public final class SosRule implements Rule {

  public static final String CODE = "SOS";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (event.body() instanceof EventBody.SosPressed) {
      context.raise(CODE, context.settings().severity(), event.eventId(), event.deviceId(), event.eventTime(),
          event.zone());
    }
  }
}
