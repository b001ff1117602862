package io.cosell.shared.doctor;

import io.cosell.shared.http.FailureReason;
import io.cosell.shared.usecase.Doctor;
import io.cosell.shared.usecase.DoctorReport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs {@link DoctorChecks#all} against the connector's parts, one after the other. */
public final class ConnectorDoctor implements Doctor {

    private final ConnectorParts parts;
    private final Clock clock;

    public ConnectorDoctor(ConnectorParts parts, Clock clock) {
        this.parts = parts;
        this.clock = clock;
    }

    @Override
    public DoctorReport run() {
        return run(check -> { });
    }

    /** Runs every check, handing each result to {@code each} as soon as it is known. */
    public DoctorReport run(Consumer<DoctorReport.Check> each) {
        List<DoctorReport.Check> results = new ArrayList<>();
        for (DoctorCheck check : DoctorChecks.all(clock)) {
            DoctorReport.Check result;
            try {
                result = check.run(parts);
            } catch (Exception e) {
                result = DoctorReport.Check.failed(check.name(), FailureReason.oneLine(e), check.fix());
            }
            results.add(result);
            each.accept(result);
        }
        return DoctorReport.of(results);
    }
}
