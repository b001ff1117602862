package io.cosell.shared.usecase;

import java.util.List;

/**
 * What {@link Doctor} found.
 *
 * @param ok     every check passed
 * @param checks each check's result, in the order they ran
 */
public record DoctorReport(boolean ok, List<Check> checks) implements AdminAnswer {

    public DoctorReport {
        checks = List.copyOf(checks);
    }

    /** The report of {@code checks}: ok when every one passed. */
    public static DoctorReport of(List<Check> checks) {
        return new DoctorReport(checks.stream().allMatch(Check::ok), checks);
    }

    /** The checks that failed. */
    public List<Check> failed() {
        return checks.stream().filter(check -> !check.ok()).toList();
    }

    /**
     * One check: passed or not, what it saw, and what to do when it failed (in plain words; empty when it passed).
     */
    public record Check(String name, boolean ok, String detail, String fix) {

        public static Check ok(String name, String detail) {
            return new Check(name, true, detail, "");
        }

        public static Check failed(String name, String detail, String fix) {
            return new Check(name, false, detail, fix);
        }
    }
}
