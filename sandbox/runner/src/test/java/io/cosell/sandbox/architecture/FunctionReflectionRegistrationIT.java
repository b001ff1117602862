package io.cosell.sandbox.architecture;

import io.cosell.sandbox.lambda.FunctionZips;
import io.cosell.shared.json.JacksonBindingScan;
import io.cosell.shared.usecase.PollResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions' own JSON-bound types (their {@code @Funq} inputs and outputs and what those contain) are registered
 * for reflection, so a native build can read and write them, including the use-case results they return. Checked on
 * the classes inside each built function.zip; the rest of shared is checked by shared's own
 * {@code ReflectionRegistrationTest}.
 */
class FunctionReflectionRegistrationIT {

    @ParameterizedTest
    @CsvSource({
            "cosell-webhook-receiver, io.cosell.functions.webhook.FunctionUrlRequest",
            "cosell-crm-poller, io.cosell.functions.poller.ScheduledTrigger",
            "cosell-registration, io.cosell.functions.registration.RegistrationRequest",
            "cosell-reconciler, io.cosell.functions.reconciler.ScheduledTrigger",
            "cosell-admin, io.cosell.functions.admin.AdminRequest",
            "cosell-token-keepalive, io.cosell.functions.keepalive.ScheduledTrigger",
            // the mapper's input is the AWS SQS message type, registered by the AWS events library, not ours
            "cosell-mapper, "})
    void every_json_bound_type_of_a_function_is_registered_for_reflection(String function, String input) {
        // given
        JacksonBindingScan scan = JacksonBindingScan.scan(List.of(FunctionZips.of(function), sharedClasses()),
                List.of("io.cosell.functions", "io.cosell.shared.usecase"));

        // then
        if (input != null) {
            assertThat(scan.boundTypes()).extracting(JacksonBindingScan.Bound::type).contains(input);
        }
        assertThat(scan.unregistered()).as("bound with Jackson but not registered for reflection").isEmpty();
        assertThat(scan.opaqueSites()).as("binding calls whose bound type cannot be seen").isEmpty();
    }

    private static Path sharedClasses() {
        try {
            return Path.of(PollResult.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
