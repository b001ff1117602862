package io.cosell.emulator.http;

/** Checks a request's credentials; throws {@link HttpError} 401 when they are missing or not valid. */
@FunctionalInterface
public interface Authenticator {

    /** Returns the caller's identity (used for per-caller limits). */
    String authenticate(Request request);

    Authenticator NONE = request -> "anonymous";
}
