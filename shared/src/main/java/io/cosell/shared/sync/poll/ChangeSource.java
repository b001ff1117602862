package io.cosell.shared.sync.poll;

/** Reads what changed in the CRM since the stored cursors, within a budget; writes nothing. */
interface ChangeSource {

    ChangeBatch read(ReadBudget budget);
}
