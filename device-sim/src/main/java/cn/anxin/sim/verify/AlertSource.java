package cn.anxin.sim.verify;

import cn.anxin.sim.scenario.PlatformApi;
import cn.anxin.sim.scenario.PlatformApiException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads raised alerts ({@code GET /api/alerts/history}) and meal fraud flags ({@code GET /api/meals/flags}). */
public final class AlertSource {

    private static final int PAGE = 500;

    private final PlatformApi api;

    public AlertSource(PlatformApi api) {
        this.api = api;
    }

    /** Alerts raised since {@code from} (any status), and the flags of these stations raised since then. */
    public List<RaisedAlert> raisedSince(Instant from, Collection<Long> stationIds) throws PlatformApiException {
        List<RaisedAlert> raised = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = PlatformApi.require(api.get("/api/alerts/history?status=all&from="
                    + PlatformApi.query(from.toString()) + "&limit=" + PAGE + "&offset=" + offset),
                    "GET /api/alerts/history");
            JsonNode items = page.path("items");
            for (JsonNode alert : items) {
                Instant first = Instant.parse(alert.path("eventTime").asText());
                String last = alert.path("lastEventAt").asText(null);
                raised.add(new RaisedAlert(alert.path("id").asLong(), alert.path("elder").path("id").asLong(),
                        alert.path("rule").asText(), first, last == null ? first : Instant.parse(last),
                        alert.path("severity").asText(null), "alert"));
            }
            if (items.size() < PAGE) {
                break;
            }
        }
        for (long station : stationIds) {
            for (int offset = 0; ; offset += PAGE) {
                JsonNode flags = PlatformApi.require(api.get("/api/meals/flags?stationId=" + station + "&limit=" + PAGE
                        + "&offset=" + offset), "GET /api/meals/flags");
                for (JsonNode flag : flags) {
                    Instant at = Instant.parse(flag.path("raisedAt").asText());
                    if (!at.isBefore(from) && flag.hasNonNull("elderId")) {
                        raised.add(new RaisedAlert(flag.path("id").asLong(), flag.path("elderId").asLong(),
                                flag.path("rule").asText(), at, at, null, "flag"));
                    }
                }
                if (flags.size() < PAGE) {
                    break;
                }
            }
        }
        return raised;
    }
}
