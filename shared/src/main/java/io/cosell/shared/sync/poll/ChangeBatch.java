package io.cosell.shared.sync.poll;

import io.cosell.shared.crm.CrmRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What one run read: changed opportunity rows, deleted opportunity ids, changed lead rows, opportunities whose solution rows changed
 * (with one token per solution row change, e.g. {@code <row id>:<version>}), and the state to write once all of it is
 * queued (solution owners, then cursors).
 */
final class ChangeBatch {

    private final List<CrmRecord> opportunities = new ArrayList<>();
    private final List<UUID> deletedOpportunities = new ArrayList<>();
    private final List<CrmRecord> leads = new ArrayList<>();
    private final Map<UUID, SortedSet<String>> solutionChanges = new LinkedHashMap<>();
    private final List<SolutionOwners.Update> ownerUpdates = new ArrayList<>();
    private final List<CursorMove> cursorMoves = new ArrayList<>();
    private final List<String> resyncs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void opportunities(List<CrmRecord> rows) {
        opportunities.addAll(rows);
    }

    void deletedOpportunities(List<UUID> ids) {
        deletedOpportunities.addAll(ids);
    }

    void leads(List<CrmRecord> rows) {
        leads.addAll(rows);
    }

    void solutionChanged(UUID opportunityId, String token) {
        solutionChanges.computeIfAbsent(opportunityId, id -> new TreeSet<>()).add(token);
    }

    void ownerUpdate(SolutionOwners.Update update) {
        ownerUpdates.add(update);
    }

    void moveCursor(CursorMove move) {
        cursorMoves.add(move);
    }

    void resync(String entitySet) {
        resyncs.add(entitySet);
    }

    void note(String note) {
        notes.add(note);
    }

    List<CrmRecord> opportunities() {
        return opportunities;
    }

    List<UUID> deletedOpportunities() {
        return deletedOpportunities;
    }

    /** Changed lead rows (any change: the poller picks those that answer a referral). */
    List<CrmRecord> leads() {
        return leads;
    }

    /** Opportunity id → its solution row changes, sorted (so the same changes always give the same dedupe key). */
    Map<UUID, SortedSet<String>> solutionChanges() {
        return solutionChanges;
    }

    List<SolutionOwners.Update> ownerUpdates() {
        return ownerUpdates;
    }

    List<CursorMove> cursorMoves() {
        return cursorMoves;
    }

    List<String> resyncs() {
        return resyncs;
    }

    List<String> notes() {
        return notes;
    }
}
