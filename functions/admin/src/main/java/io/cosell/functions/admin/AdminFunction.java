package io.cosell.functions.admin;

import io.cosell.shared.usecase.AdminAnswer;
import io.cosell.shared.usecase.AdminReport;
import io.cosell.shared.usecase.DeadLetterReplay;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.Doctor;
import io.cosell.shared.usecase.DoctorReport;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.Resync;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Direct invoke in, one {@link Resync}, {@link DeadLetterReplay} or {@link Doctor} call out: an {@link AdminReport},
 * or for {@code doctor} a {@link DoctorReport} (failed checks are part of the answer, not a failed invocation). An
 * unknown or missing action, or a resync naming neither or both a referral and an opportunity, fails the invocation
 * with a message that says what was expected.
 */
public class AdminFunction {

    private static final Logger LOG = Logger.getLogger(AdminFunction.class);
    private static final String ACTIONS = "\"resync\", \"replay-dlq\" or \"doctor\"";

    @Inject
    Resync resync;

    @Inject
    DeadLetterReplay deadLetterReplay;

    @Inject
    Doctor doctor;

    @Inject
    InvocationDeadline invocationDeadline;

    @Funq("admin")
    public AdminAnswer admin(AdminRequest request) {
        Deadline deadline = invocationDeadline.start();
        String action = request == null ? null : request.action();
        LOG.debugf("action %s, invocation deadline %s", action, deadline.at());
        if (action == null) {
            throw new IllegalArgumentException("\"action\" is missing: it must be " + ACTIONS);
        }
        if (action.equals("doctor")) {
            DoctorReport report = doctor.run();
            LOG.info("admin: doctor " + (report.ok() ? "found nothing to fix" : "failed: " + String.join(", ",
                    report.failed().stream().map(DoctorReport.Check::name).toList())));
            return report;
        }
        AdminReport report = switch (action) {
            case "resync" -> {
                boolean referral = present(request.referralId());
                if (referral == present(request.opportunityId())) {
                    throw new IllegalArgumentException("action \"resync\" needs either a \"referralId\" or an "
                            + "\"opportunityId\"");
                }
                yield referral ? resync.referral(request.referralId()) : resync.opportunity(request.opportunityId());
            }
            case "replay-dlq" -> deadLetterReplay.replay(Optional.ofNullable(request.referralId()));
            default -> throw new IllegalArgumentException("\"action\" must be " + ACTIONS + ", was: " + action);
        };
        LOG.info("admin: " + report.message());
        return report;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
