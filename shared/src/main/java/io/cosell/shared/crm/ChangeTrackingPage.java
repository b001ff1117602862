package io.cosell.shared.crm;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One answer of change tracking: created and changed rows, ids of deleted rows, and where to go on. Exactly one of
 * the links is present: {@code nextLink} while a load has more pages, {@code deltaLink} on its last page (the link to
 * ask with next time for what changed since).
 */
public record ChangeTrackingPage(List<CrmRecord> rows, List<UUID> deletedIds, Optional<String> nextLink,
                                 Optional<String> deltaLink) {

    public ChangeTrackingPage {
        rows = List.copyOf(rows);
        deletedIds = List.copyOf(deletedIds);
        if (nextLink.isPresent() == deltaLink.isPresent()) {
            throw new IllegalArgumentException("a change-tracking page has either a next link or a delta link");
        }
    }

    /** The link to read next: the next page, or (on the last page) the delta link. */
    public String continuation() {
        return nextLink.or(() -> deltaLink).orElseThrow();
    }

    public boolean isLast() {
        return deltaLink.isPresent();
    }
}
