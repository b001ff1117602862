package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.ErrorFormat;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Response;

/**
 * An error with the optional parts of Partner Center's documented body:
 * {@code {"error":{"code","message","target","innerError":{"code","message"}}}}.
 */
final class PartnerCenterError extends HttpError {

    private final String target;
    private final String innerCode;
    private final String innerMessage;

    PartnerCenterError(int status, String code, String message, String target, String innerCode, String innerMessage) {
        super(status, code, message);
        this.target = target;
        this.innerCode = innerCode;
        this.innerMessage = innerMessage;
    }

    static PartnerCenterError invalidRequest(String target, String message) {
        return new PartnerCenterError(400, "invalidRequest", message, target, null, null);
    }

    /** The 412 body quoted from a real Partner Center answer (fact sheet §1.3). */
    static PartnerCenterError etagMismatch() {
        return new PartnerCenterError(412, "preconditionFailed",
                "Precondition failed: Etag value did not Match", "ETag", "99918",
                "The If-Match header value does not match the current eTag of the referral. Read the referral "
                        + "again and retry with its eTag.");
    }

    /** Renders {@link PartnerCenterError}s with their extra parts and every other error in the plain shape. */
    static final ErrorFormat FORMAT = error -> {
        if (!(error instanceof PartnerCenterError pc)) {
            return ErrorFormat.ODATA.render(error);
        }
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error");
        inner.put("code", pc.code());
        inner.put("message", pc.getMessage());
        if (pc.target != null) {
            inner.put("target", pc.target);
        }
        if (pc.innerCode != null) {
            ObjectNode innerError = inner.putObject("innerError");
            innerError.put("code", pc.innerCode);
            innerError.put("message", pc.innerMessage);
        }
        return Response.json(pc.status(), body);
    };
}
