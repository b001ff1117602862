package io.cosell.shared.sync.poll;

/** A cursor to advance once every change read under it is queued (version-checked, as {@code advance} does). */
record CursorMove(String name, long expectedVersion, String newValue) {
}
