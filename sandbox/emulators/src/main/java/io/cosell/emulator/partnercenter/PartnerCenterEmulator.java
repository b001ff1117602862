package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.http.Authenticator;
import io.cosell.emulator.http.EmulatorServer;
import io.cosell.emulator.http.FaultInjector;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Router;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Microsoft Partner Center for the sandbox: the Referrals API ({@code /v1.0/engagements/referrals}, token audience
 * {@value #REFERRALS_AUDIENCE}) and the webhooks API ({@code /webhooks/v1/registration...}, audience
 * {@value #WEBHOOKS_AUDIENCE}) on one port, signed webhook deliveries, and a control API under {@code /_sandbox/}
 * that plays the Microsoft side. Follows the fact sheet (partner-center-api.md §1–§2); where the docs are silent the
 * choice is written down on the class that makes it ({@link ReferralsApi}, {@link JsonPatch},
 * {@link WebhookRegistrationApi}, {@link WebhookDispatcher}, {@link ReferralFilter}).
 */
public final class PartnerCenterEmulator implements AutoCloseable {

    public static final String REFERRALS_AUDIENCE = "https://api.partner.microsoft.com";
    public static final String WEBHOOKS_AUDIENCE = "https://api.partnercenter.microsoft.com";
    public static final String MICROSOFT_ORGANIZATION_ID = ReferralFactory.MICROSOFT_ORGANIZATION_ID;

    private final WebhookSigner signer;
    private final WebhookDispatcher dispatcher;
    private final SandboxControlApi control;
    private final EmulatorServer server;

    private PartnerCenterEmulator(int port, EntraEmulator entra, PartnerCenterSettings settings) {
        Router router = new Router();
        FaultInjector faults = new FaultInjector();
        this.signer = WebhookSigner.generate(this::baseUri);
        this.dispatcher = new WebhookDispatcher(settings, signer, faults, this::baseUri);
        ReferralStore store = new ReferralStore(Clock.systemUTC());
        ReferralFactory factory = new ReferralFactory(settings, this::baseUri);
        WebhookRegistrationApi registrations =
                new WebhookRegistrationApi(settings, this::baseUri, dispatcher, Clock.systemUTC());
        ReferralNotifier notifier = new ReferralNotifier(settings.organizationId(), this::baseUri, registrations,
                dispatcher);
        this.control = new SandboxControlApi(store, factory, notifier, dispatcher, signer);
        new ReferralsApi(settings, this::baseUri, store, factory, notifier).routes(router);
        registrations.routes(router);
        control.routes(router);
        this.server = EmulatorServer.start("partner-center", port, router, PartnerCenterError.FORMAT,
                authenticator(entra), faults);
    }

    /** Starts on 127.0.0.1:port (0 = a free port); bearer tokens are checked against {@code entra}. */
    public static PartnerCenterEmulator start(int port, EntraEmulator entra, PartnerCenterSettings settings) {
        return new PartnerCenterEmulator(port, entra, settings);
    }

    /** Webhook API paths need a token for the classic Partner Center host; everything else the Referrals API's. */
    private static Authenticator authenticator(EntraEmulator entra) {
        Authenticator referrals = entra.bearer(Set.of(REFERRALS_AUDIENCE), "unauthenticated");
        Authenticator webhooks = entra.bearer(Set.of(WEBHOOKS_AUDIENCE), "unauthenticated");
        return request -> request.path().startsWith("/webhooks/")
                ? webhooks.authenticate(request)
                : referrals.authenticate(request);
    }

    /** http://127.0.0.1:port, no trailing slash. */
    public URI baseUri() {
        return server.baseUri();
    }

    public int port() {
        return server.port();
    }

    public FaultInjector faults() {
        return server.faults();
    }

    /**
     * The sandbox root CA, which issued the intermediate that issued the webhook signing certificate: the trust
     * anchor for signature verifiers.
     */
    public X509Certificate signingCaCertificate() {
        return signer.caCertificate();
    }

    /** Where webhook deliveries say their signing certificate is ({@code x-ms-certificate-url}). */
    public URI webhookCertificateUrl() {
        return URI.create(baseUri() + WebhookSigner.CERTIFICATE_PATH);
    }

    /** The path prefix of every certificate URL the emulator serves (certificate and intermediate). */
    public static String certificatePathPrefix() {
        return WebhookSigner.CERTIFICATE_PATH_PREFIX;
    }

    /** The intermediate CA that issued the signing certificate (named by the signing certificate's AIA). */
    public X509Certificate signingIntermediateCertificate() {
        return signer.intermediateCertificate();
    }

    /** Where the signing certificate's Authority Information Access says its issuer is served. */
    public URI webhookIntermediateUrl() {
        return URI.create(baseUri() + WebhookSigner.INTERMEDIATE_PATH);
    }

    /**
     * Signs any body as a webhook delivery would be signed (base64 SHA256withRSA with the certificate at
     * {@link #webhookCertificateUrl()}), for tests and benchmarks that need signed bodies the emulator never sends.
     */
    public String signWebhookBody(byte[] body) {
        return signer.sign(body);
    }

    /**
     * Adds two realistic referrals shared by Microsoft sellers (one new, one already accepted), as if they had
     * arrived through Partner Center, and returns their ids. Webhooks fire as for any new referral.
     */
    public List<String> seed() {
        ObjectNode accepted = Json.object();
        accepted.put("name", "Northwind Traders - Azure landing zone");
        accepted.put("status", ReferralLifecycle.ACTIVE);
        accepted.put("substatus", "Accepted");
        accepted.putNull("expirationDateTime");
        accepted.putObject("customerProfile").put("name", "Northwind Traders").putObject("address")
                .put("city", "Dublin").put("postalCode", "D02 XY45").put("country", "IE").put("state", "")
                .put("addressLine1", "1 Harbour Street");
        accepted.putObject("details").put("dealValue", 85000).put("currency", "EUR");
        return List.of(control.createAsMicrosoft(Json.object()).path("id").asText(),
                control.createAsMicrosoft(accepted).path("id").asText());
    }

    @Override
    public void close() {
        server.close();
        dispatcher.close();
    }
}
