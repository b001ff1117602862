package io.cosell.shared.doctor;

import io.cosell.shared.usecase.DoctorReport;

/** One thing the doctor verifies; a check that throws counts as failed, with the exception as its detail. */
public interface DoctorCheck {

    String name();

    /** In plain words, what to do when the check fails for a reason it did not foresee. */
    String fix();

    DoctorReport.Check run(ConnectorParts parts) throws Exception;

    /** The body of a check. */
    interface Body {
        DoctorReport.Check run(ConnectorParts parts) throws Exception;
    }

    static DoctorCheck of(String name, String fix, Body body) {
        return new DoctorCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String fix() {
                return fix;
            }

            @Override
            public DoctorReport.Check run(ConnectorParts parts) throws Exception {
                return body.run(parts);
            }
        };
    }
}
