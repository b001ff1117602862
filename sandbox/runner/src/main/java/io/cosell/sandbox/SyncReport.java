package io.cosell.sandbox;

/**
 * Recognises the one-line reports in the functions' logs (the mapper's per sync, the reconciler's per run) and strips
 * the log prefix (time, level, logger).
 */
final class SyncReport {

    static final String MARKER = "sync: ";
    static final String RECONCILE_MARKER = "reconcile: ";

    private SyncReport() {
    }

    static boolean isSyncLine(String line) {
        return line.contains(MARKER);
    }

    static boolean isReconcileLine(String line) {
        return line.contains(RECONCILE_MARKER);
    }

    static String shorten(String line) {
        int sync = line.indexOf(MARKER);
        return line.substring(sync >= 0 ? sync : line.indexOf(RECONCILE_MARKER));
    }
}
