package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * The sandbox's own control API under {@code /_sandbox/} (no token): plays the Microsoft side (create an incoming
 * referral, change a referral as Microsoft would), shows and re-sends webhook deliveries, lists all referrals, and
 * serves the webhook certificates (DER).
 */
final class SandboxControlApi {

    private final ReferralStore store;
    private final ReferralFactory factory;
    private final ReferralNotifier notifier;
    private final WebhookDispatcher dispatcher;
    private final WebhookSigner signer;

    SandboxControlApi(ReferralStore store, ReferralFactory factory, ReferralNotifier notifier,
                      WebhookDispatcher dispatcher, WebhookSigner signer) {
        this.store = store;
        this.factory = factory;
        this.notifier = notifier;
        this.dispatcher = dispatcher;
        this.signer = signer;
    }

    void routes(Router router) {
        router.post("/_sandbox/microsoft/referrals", this::createAsMicrosoft)
                .patch("/_sandbox/microsoft/referrals/{id}", this::changeAsMicrosoft)
                .get("/_sandbox/referrals", request -> Response.json(200, list(store.all())))
                .get("/_sandbox/deliveries", this::deliveries)
                .post("/_sandbox/deliveries/{id}/redeliver", this::redeliver)
                .get(WebhookSigner.CERTIFICATE_PATH, request -> certificate(signer.signingCertificate()))
                .get(WebhookSigner.INTERMEDIATE_PATH, request -> certificate(signer.intermediateCertificate()))
                .get("/_sandbox/certificates/ca.cer", request -> certificate(signer.caCertificate()));
    }

    /** A referral as a Microsoft seller shares it: defaults for every field not given in {@code fields}. */
    ObjectNode createAsMicrosoft(ObjectNode fields) {
        ObjectNode referral = store.insert(factory.incomingFromMicrosoft(fields, store.now()));
        notifier.created(referral);
        return referral;
    }

    private Response createAsMicrosoft(Request request) {
        return Response.json(201, createAsMicrosoft(requireObject(request.json())));
    }

    /** Body = a JSON merge patch (RFC 7396) of the fields Microsoft changes. */
    private Response changeAsMicrosoft(Request request) {
        ObjectNode patch = requireObject(request.json());
        for (String field : JsonPatch.READ_ONLY) {
            if (patch.has(field)) {
                throw PartnerCenterError.invalidRequest(field, "'" + field + "' is set by Partner Center.");
            }
        }
        ObjectNode updated = store.update(request.pathParam("id"), (current, now) -> {
            ObjectNode next = current.deepCopy();
            ReferralFactory.merge(next, patch);
            ReferralLifecycle.applyTransition(current, next, now);
            return next;
        });
        notifier.updated(updated);
        return Response.json(200, updated);
    }

    private Response deliveries(Request request) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        dispatcher.all().forEach(delivery -> list.add(delivery.toJson()));
        return Response.json(200, list);
    }

    private Response redeliver(Request request) {
        return Response.json(202, dispatcher.redeliver(request.pathParam("id")).toJson());
    }

    private static ObjectNode list(Iterable<ObjectNode> referrals) {
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        referrals.forEach(value::add);
        return body;
    }

    private static Response certificate(X509Certificate certificate) throws CertificateEncodingException {
        return Response.bytes(200, "application/pkix-cert", certificate.getEncoded());
    }

    private static ObjectNode requireObject(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw new HttpError(400, "invalidRequest", "The body must be a JSON object.");
        }
        return object;
    }
}
