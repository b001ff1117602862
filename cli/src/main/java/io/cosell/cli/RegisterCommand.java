package io.cosell.cli;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code register}: the deploy's webhook registration (the registration function's use case), before and after. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Registers this deployment's webhook URL with Partner Center for the four referral events, "
                + "replacing whatever is registered (e.g. Microsoft's Power Automate flow), as the deploy does; then "
                + "has Partner Center send its validation event there and waits for the 200.",
                "Shows the registration before and after. --show only shows it.",
                "Needs: the webhook URL (--webhook-url, the stack's output WebhookUrl, or the sandbox) and the stored "
                        + "refresh token (bin/cosell consent)."},
        footer = {"", "Examples:", "  bin/cosell register --webhook-url https://abc.lambda-url.eu-west-1.on.aws/",
                "  bin/cosell --sandbox register --show"})
final class RegisterCommand extends Leaf {

    @Option(names = "--show", description = "Only show the current registration.")
    boolean showOnly;

    @Option(names = "--url", paramLabel = "URL",
            description = "Register this URL instead of this deployment's (e.g. to hand the events back).")
    URI url;

    @Option(names = "--no-validation", description = "Do not ask Partner Center for its validation event.")
    boolean noValidation;

    @Option(names = "--validation-timeout", paramLabel = "SECONDS",
            description = "How long to wait for the validation event's answer (default: 60).")
    long validationSeconds = 60;

    @Override
    int run(Services services, Output out) {
        WebhookRegistrar registrar = services.registrar();
        RegistrationReport before = registrar.show();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("before", before);
        if (showOnly) {
            out.line(describe(before));
            out.document(doc);
            return 0;
        }
        URI target = url != null ? url : services.settings.requireWebhookUrl();
        out.progress("before: " + describe(before));
        out.progress("registering " + target + (noValidation ? "" : " and sending Partner Center's validation event"));
        RegistrationReport after = noValidation ? registrar.register(target)
                : registrar.registerAndValidate(target, new Deadline(Instant.now().plus(Duration.ofSeconds(validationSeconds))));
        out.line("after:  " + describe(after) + " (" + after.message() + ")");
        doc.put("after", after);
        out.document(doc);
        return 0;
    }

    static String describe(RegistrationReport report) {
        return report.registered() ? report.webhookUrl() + " for " + String.join(", ", report.webhookEvents())
                : "no webhook registered";
    }
}
