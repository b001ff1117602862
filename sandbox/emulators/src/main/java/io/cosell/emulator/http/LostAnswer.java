package io.cosell.emulator.http;

import java.util.Locale;
import java.util.Objects;

/**
 * The fault "act, then lose the answer": a request with this method whose path matches is applied as usual, then its
 * connection is closed without an answer, after {@code holdMs} (a hold longer than the client's timeout makes the
 * client give up first). Only answers of applied requests (2xx) are lost, at most {@code times} of them.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path   the request path, exact, or a prefix when it ends with {@code *} (e.g. {@code /api/data/v9.2/accounts*})
 * @param times  how many answers to lose
 * @param holdMs how long to hold the connection open before closing it
 */
public record LostAnswer(String method, String path, int times, long holdMs) {

    public LostAnswer {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        method = method.toUpperCase(Locale.ROOT);
        if (method.isBlank() || path.isBlank()) {
            throw new IllegalArgumentException("a lost answer needs a method and a path");
        }
        if (times < 1 || holdMs < 0) {
            throw new IllegalArgumentException("times must be at least 1 and holdMs not negative");
        }
    }

    boolean matches(String requestMethod, String requestPath) {
        if (!method.equals(requestMethod)) {
            return false;
        }
        return path.endsWith("*") ? requestPath.startsWith(path.substring(0, path.length() - 1)) : path.equals(requestPath);
    }
}
