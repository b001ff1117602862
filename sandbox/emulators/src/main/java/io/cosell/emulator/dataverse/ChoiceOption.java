package io.cosell.emulator.dataverse;

/**
 * One option of a choice (picklist) column.
 *
 * @param state for {@code statuscode} options: the {@code statecode} the status belongs to; otherwise null
 */
public record ChoiceOption(int value, String label, Integer state) {

    public static ChoiceOption of(int value, String label) {
        return new ChoiceOption(value, label, null);
    }

    public static ChoiceOption status(int value, String label, int state) {
        return new ChoiceOption(value, label, state);
    }
}
