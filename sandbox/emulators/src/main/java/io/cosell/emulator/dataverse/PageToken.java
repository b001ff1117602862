package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code $skiptoken} of a nextLink: the position of the last row served (so a page starts after it even
 * when rows were added or removed meanwhile) and, for the initial load of change tracking, the row version the
 * final page's delta token must start from.
 *
 * @param deltaVersion null when the query does not track changes
 */
record PageToken(RowOrder.Position after, Long deltaVersion) {

    String encode() {
        ObjectNode json = Json.object();
        after.values().forEach(json.putArray("k")::add);
        json.put("s", after.sequence());
        if (deltaVersion != null) {
            json.put("v", deltaVersion);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(json));
    }

    static PageToken decode(String token) {
        try {
            JsonNode json = Json.parse(Base64.getUrlDecoder().decode(token));
            List<JsonNode> values = new ArrayList<>();
            json.path("k").forEach(values::add);
            if (!json.path("s").canConvertToLong()) {
                throw new IllegalArgumentException("no sequence");
            }
            Long delta = json.has("v") ? json.get("v").asLong() : null;
            return new PageToken(new RowOrder.Position(values, json.get("s").asLong()), delta);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw DataverseErrors.badQuery("The $skiptoken is not valid; follow @odata.nextLink as returned.");
        }
    }
}
