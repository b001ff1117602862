package io.cosell.shared.mapping;

/**
 * The sync marks in a record name: "✔ " after a successful sync, "✘ " after a failed one. Names are compared without
 * them; {@code ✖} (which Microsoft's documentation also shows) is stripped too.
 */
public final class CheckMark {

    public static final String SUCCESS = "✔ ";
    public static final String FAILURE = "✘ ";
    private static final String[] MARKS = {"✔", "✘", "✖"};

    private CheckMark() {
    }

    /** The name without any leading sync marks. */
    public static String strip(String name) {
        if (name == null) {
            return null;
        }
        String rest = name.stripLeading();
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String mark : MARKS) {
                if (rest.startsWith(mark)) {
                    rest = rest.substring(mark.length()).stripLeading();
                    stripped = true;
                }
            }
        }
        return rest;
    }

    /** The name marked as synced ({@code success}) or failed; unchanged but stripped when marks are off. */
    public static String mark(String name, boolean success, boolean marksOn) {
        String plain = strip(name);
        return marksOn ? (success ? SUCCESS : FAILURE) + plain : plain;
    }
}
