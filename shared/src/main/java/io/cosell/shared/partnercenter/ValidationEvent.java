package io.cosell.shared.partnercenter;

import java.util.List;

/**
 * A Partner Center validation (test) event as {@code GET /webhooks/v1/registration/validationEvents/{correlationId}}
 * returns it: one result per delivery attempt to the registered URL.
 */
public record ValidationEvent(String correlationId, String status, String callbackUrl, List<Attempt> results) {

    public ValidationEvent {
        results = List.copyOf(results);
    }

    /** One delivery attempt: the callback's HTTP status as .NET names it ({@code OK}), a message, a system error. */
    public record Attempt(String responseCode, String responseMessage, boolean systemError) {
    }

    /** Partner Center got a 200 from the URL. */
    public boolean succeeded() {
        return results.stream().anyMatch(attempt -> "OK".equalsIgnoreCase(attempt.responseCode()));
    }

    /** Partner Center stopped trying. */
    public boolean completed() {
        return "completed".equalsIgnoreCase(status);
    }
}
