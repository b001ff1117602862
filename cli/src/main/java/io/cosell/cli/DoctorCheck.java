package io.cosell.cli;

/** One thing {@code doctor} verifies; a check that throws counts as failed, with the exception as its detail. */
interface DoctorCheck {

    /** What a check found: passed or not, what it saw, and what to do when it failed. */
    record Result(String name, boolean ok, String detail, String fix) {

        static Result ok(String name, String detail) {
            return new Result(name, true, detail, "");
        }

        static Result failed(String name, String detail, String fix) {
            return new Result(name, false, detail, fix);
        }
    }

    String name();

    /** In plain words, what to do when the check fails for a reason it did not foresee. */
    String fix();

    Result run(Services services) throws Exception;
}
