package io.cosell.emulator.http;

/** How one API spells its error bodies (Partner Center and Dataverse differ). */
@FunctionalInterface
public interface ErrorFormat {

    Response render(HttpError error);

    /** {"error":{"code","message"}}: the shape both Partner Center and Dataverse document. */
    ErrorFormat ODATA = error -> {
        var body = Json.object();
        var inner = body.putObject("error");
        inner.put("code", error.code());
        inner.put("message", error.getMessage());
        Response response = Response.json(error.status(), body);
        return error.retryAfterSeconds() == null ? response : response.header("Retry-After", error.retryAfterSeconds());
    };
}
