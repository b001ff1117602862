package io.cosell.cli;

import io.cosell.shared.partnercenter.ReferralQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code consent}: the Referrals admin signs in once (with MFA); the refresh token goes where the functions read it. */
@Command(name = "consent", mixinStandardHelpOptions = true,
        description = {"The one-time Partner Center sign-in of the dedicated Referrals-admin user (with MFA): the "
                + "Referrals API accepts only app+user tokens, so the connector needs this user's refresh token.",
                "By default the device code flow: open the page shown on any device and enter the code. With --browser "
                        + "the authorization code flow with PKCE on a http://localhost redirect (the app registration "
                        + "must list http://localhost as a redirect URI).",
                "Then verifies the sign-in with a Referrals API call and stores the refresh token where the functions "
                        + "read it (AWS Secrets Manager with --secret-prefix, the secrets folder with --secrets-dir or "
                        + "--sandbox), printing where (never the token).",
                "Needs: the tenant, the client id and secret of the connector's app registration (or the sandbox); "
                        + "AWS credentials allowed secretsmanager:PutSecretValue on the secret."},
        footer = {"", "Examples:", "  bin/cosell consent --secret-prefix cosell/prod/",
                "  bin/cosell --sandbox consent   # then: curl -d '{\"user_code\":\"…\"}' "
                        + "http://127.0.0.1:7103/_sandbox/device/approve"})
final class ConsentCommand extends Leaf {

    @Option(names = "--browser", description = "Authorization code with PKCE on a localhost redirect instead of the "
            + "device code flow.")
    boolean browser;

    @Option(names = "--port", description = "The localhost port of the --browser redirect (default: any free port).")
    int port;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the sign-in (default: 900).")
    long timeoutSeconds = 900;

    @Override
    int run(Services services, Output out) throws Exception {
        RefreshTokenDestination destination = RefreshTokenDestination.of(services);
        SignIn signIn = new SignIn(services.entraSettings(SignIn.SCOPE), services.http(), services.json);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        out.progress("signing in to Partner Center as the Referrals admin user; the refresh token goes to "
                + destination.describe());
        SignIn.Tokens tokens = browser ? signIn.browser(port, out::progress, timeout)
                : signIn.deviceCode(out::progress, timeout);
        out.progress("signed in (scope: " + tokens.scope() + ")");
        // verified before it is stored, so a sign-in without the Referrals admin role never replaces a working token
        Optional<String> first = services.referrals(tokens.refreshToken())
                .list(new ReferralQuery(Optional.empty(), Optional.empty(), Optional.of(1)))
                .findFirst().map(referral -> referral.id());
        String verified = "verified: the Referrals API answered with this sign-in"
                + first.map(id -> " (first referral visible: " + id + ")").orElse(" (no referrals yet)");
        out.progress(verified);
        out.line(destination.store(tokens.refreshToken()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("flow", browser ? "authorization-code-pkce" : "device-code");
        doc.put("stored", destination.describe());
        doc.put("scope", tokens.scope());
        doc.put("verified", true);
        out.document(doc);
        return 0;
    }
}
