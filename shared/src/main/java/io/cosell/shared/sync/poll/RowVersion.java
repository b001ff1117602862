package io.cosell.shared.sync.poll;

import io.cosell.shared.crm.CrmRecord;

/** A row's version as its ETag carries it ({@code W/"1234"} → {@code 1234}); changes with every write. */
final class RowVersion {

    private RowVersion() {
    }

    static String of(CrmRecord row) {
        String etag = row.etag();
        if (etag == null || etag.isBlank()) {
            return "modifiedon=" + row.text(PollColumns.MODIFIED_ON).orElse("unknown");
        }
        String version = etag.startsWith("W/") ? etag.substring(2) : etag;
        return version.replace("\"", "");
    }
}
