package io.cosell.sandbox;

/** Recognises the mapper's one-line sync reports in its log and strips the log prefix (time, level, logger). */
final class SyncReport {

    static final String MARKER = "sync: ";

    private SyncReport() {
    }

    static boolean isSyncLine(String line) {
        return line.contains(MARKER);
    }

    static String shorten(String line) {
        return line.substring(line.indexOf(MARKER));
    }
}
