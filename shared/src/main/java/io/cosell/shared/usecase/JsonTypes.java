package io.cosell.shared.usecase;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The use-case results that functions return to Lambda as JSON, registered for reflection so native executables can
 * write them. {@code FunctionReflectionRegistrationIT} fails when one is missing here.
 */
@RegisterForReflection(targets = {PollResult.class, RegistrationReport.class, ReconcileResult.class,
        AdminAnswer.class, AdminReport.class, DoctorReport.class, DoctorReport.Check.class, KeepAliveReport.class})
final class JsonTypes {

    private JsonTypes() {
    }
}
