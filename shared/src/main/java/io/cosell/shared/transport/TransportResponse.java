package io.cosell.shared.transport;

import java.net.http.HttpHeaders;

/** What an {@link HttpTransport} got back: the status, the headers and the whole body. */
public record TransportResponse(int status, HttpHeaders headers, byte[] body) {
}
