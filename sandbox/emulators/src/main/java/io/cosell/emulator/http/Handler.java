package io.cosell.emulator.http;

/** Answers one request. May throw {@link HttpError}. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
