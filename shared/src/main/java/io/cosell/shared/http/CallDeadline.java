package io.cosell.shared.http;

import java.time.Instant;
import java.util.Optional;

/** When the invocation the calls are made for must have answered, if known: retries never wait past it. */
@FunctionalInterface
public interface CallDeadline {

    CallDeadline NONE = Optional::empty;

    Optional<Instant> current();
}
