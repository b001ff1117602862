package io.cosell.emulator.dataverse;

import io.cosell.emulator.http.ErrorFormat;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/data/v9.2/$batch} (fact sheet 4.6): a {@code multipart/mixed} body of {@code application/http}
 * parts and change sets (nested {@code multipart/mixed}). Operations run in order through the API's own routes; a
 * change set is all or nothing: when one of its operations fails, the rows its earlier operations wrote are put back
 * as they were. {@code Content-ID} references ({@code $1}) are resolved in a later operation's URL and in body values
 * that are exactly {@code "$n"}; an undeclared one is 400. Without {@code Prefer: odata.continue-on-error} processing
 * stops at the first failure and the batch answers that status, its body the multipart answer up to the failure; with
 * it, 200 and each part's own answer.
 *
 * <p>Where the docs are silent, the emulator chose: the whole batch is one request for the service protection limits
 * and for {@code /_sandbox/requests/count} (entitlement counts are not emulated); inside a change set only
 * {@code PATCH} by primary key and {@code POST} to an entity set are emulated (anything else there is 501, a
 * {@code GET} 400 as documented); the rollback restores rows, not versions a concurrent reader may have seen.
 */
final class BatchApi {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern REFERENCE = Pattern.compile("\\$(\\d+)");
    private static final Pattern RECORD_PATH = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\(([0-9a-fA-F-]{36})\\)$");
    private static final int MAX_REQUESTS = 1000;

    private final Router routes;
    private final DataverseStore store;
    private final String apiPath;
    private final Supplier<URI> apiRoot;
    private final ErrorFormat errors;

    /**
     * @param routes  the API's routes without counting or service protection (the batch was counted once)
     * @param apiPath e.g. {@code /api/data/v9.2/}
     */
    BatchApi(Router routes, DataverseStore store, String apiPath, Supplier<URI> apiRoot, ErrorFormat errors) {
        this.routes = routes;
        this.store = store;
        this.apiPath = apiPath;
        this.apiRoot = apiRoot;
        this.errors = errors;
    }

    private record Part(Map<String, String> headers, String method, String target, Map<String, String> innerHeaders,
                        byte[] body) {
    }

    private record Answer(Response response, Optional<String> contentId) {
    }

    Response handle(Request request) {
        String boundary = boundary(request.header("Content-Type").orElse(""))
                .orElseThrow(() -> DataverseErrors.badQuery("A $batch request needs Content-Type multipart/mixed with a boundary."));
        boolean continueOnError = request.header("Prefer").map(p -> p.contains("odata.continue-on-error")).orElse(false);
        List<String> sections = split(request.bodyText(), boundary);
        String responseBoundary = "batchresponse_" + UUID.randomUUID();
        StringBuilder out = new StringBuilder();
        int count = 0;
        int failure = 0;
        for (String section : sections) {
            Map<String, String> headers = new LinkedHashMap<>();
            String content = headersAndRest(section, headers);
            String type = headers.getOrDefault("content-type", "");
            if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
                String changeBoundary = boundary(type).orElseThrow(() -> DataverseErrors.badQuery("A change set needs a boundary."));
                List<Part> parts = split(content, changeBoundary).stream().map(BatchApi::part).toList();
                count += parts.size();
                checkSize(count);
                ChangeSetResult result = changeSet(parts, request);
                out.append("--").append(responseBoundary).append("\r\n");
                out.append(changeSetResponse(result.answers()));
                failure = result.failedStatus();
            } else {
                count++;
                checkSize(count);
                Part part = part(section);
                Response response = single(part, Map.of(), request);
                out.append("--").append(responseBoundary).append("\r\n");
                out.append(httpPart(new Answer(response, Optional.empty())));
                failure = response.status() >= 400 ? response.status() : 0;
            }
            if (failure != 0 && !continueOnError) {
                break;
            }
        }
        out.append("--").append(responseBoundary).append("--\r\n");
        int status = failure != 0 && !continueOnError ? failure : 200;
        return Response.text(status, "multipart/mixed; boundary=" + responseBoundary, out.toString());
    }

    private record ChangeSetResult(List<Answer> answers, int failedStatus) {
    }

    /** The operations in order; on the first failure every row written so far is put back and the rest skipped. */
    private ChangeSetResult changeSet(List<Part> parts, Request batch) {
        Map<String, String> resolved = new HashMap<>();
        List<Undo> undo = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (Part part : parts) {
            Optional<String> contentId = Optional.ofNullable(part.headers().get("content-id"));
            Response response;
            try {
                if (part.method().equals("GET")) {
                    throw DataverseErrors.badQuery("GET is not allowed inside a change set.");
                }
                if (!part.method().equals("PATCH") && !part.method().equals("POST")) {
                    throw new HttpError(501, DataverseErrors.BAD_QUERY, "The emulator runs only PATCH and POST inside a change set.");
                }
                Optional<Undo> before = target(part, resolved).flatMap(this::before);
                if (part.method().equals("PATCH") && before.isEmpty()) {
                    throw new HttpError(501, DataverseErrors.BAD_QUERY,
                            "The emulator runs a PATCH inside a change set only by primary key: " + part.target());
                }
                Response done = single(part, resolved, batch);
                if (done.status() < 400) {
                    before.or(() -> created(done)).ifPresent(undo::add);
                    Optional<String> path = entityPath(done).or(() -> target(part, resolved).filter(RECORD_PATH.asPredicate()));
                    contentId.ifPresent(id -> path.ifPresent(p -> resolved.put(id, p)));
                }
                response = done;
            } catch (HttpError e) {
                response = errors.render(e);
            }
            if (response.status() >= 400) {
                for (int i = undo.size() - 1; i >= 0; i--) {
                    store.restore(undo.get(i).entitySet(), undo.get(i).id(), undo.get(i).row());
                }
                return new ChangeSetResult(List.of(new Answer(response, contentId)), response.status());
            }
            answers.add(new Answer(response, contentId));
        }
        return new ChangeSetResult(answers, 0);
    }

    /** A row as it was before a write of the change set; empty row: the write created it. */
    private record Undo(String entitySet, UUID id, Optional<Row> row) {
    }

    private Optional<Undo> before(String path) {
        Matcher m = RECORD_PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        UUID id = UUID.fromString(m.group(2));
        return Optional.of(new Undo(m.group(1), id, store.find(m.group(1), id)));
    }

    private Optional<Undo> created(Response response) {
        return entityPath(response).flatMap(this::before).map(u -> new Undo(u.entitySet(), u.id(), Optional.empty()));
    }

    private Optional<String> entityPath(Response response) {
        String entityId = response.headers().get("OData-EntityId");
        if (entityId == null || !entityId.startsWith(apiRoot.get().toString())) {
            return Optional.empty();
        }
        return Optional.of(entityId.substring(apiRoot.get().toString().length()));
    }

    /** The part's path below the API root, references resolved (e.g. {@code accounts(<id>)}). */
    private Optional<String> target(Part part, Map<String, String> resolved) {
        String path = relative(resolve(part.target(), resolved, false));
        int query = path.indexOf('?');
        return Optional.of(query < 0 ? path : path.substring(0, query));
    }

    private Response single(Part part, Map<String, String> resolved, Request batch) {
        String target = relative(resolve(part.target(), resolved, false));
        URI uri = URI.create(apiRoot.get() + target);
        byte[] body = part.body().length == 0 ? part.body()
                : resolve(new String(part.body(), StandardCharsets.UTF_8), resolved, true).getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        batch.headers().forEach((name, values) -> {
            if (name.equals("authorization") || name.startsWith("x-")) {
                headers.put(name, values);
            }
        });
        part.innerHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        String path = URLDecoder.decode(uri.getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        Request inner = new Request(part.method(), uri, path, Request.parseQuery(uri.getRawQuery()), headers, body, Map.of());
        try {
            return routes.dispatch(inner);
        } catch (HttpError e) {
            return errors.render(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code $n} → the path the part with Content-ID n wrote; in bodies only whole JSON strings {@code "$n"}. */
    private static String resolve(String text, Map<String, String> resolved, boolean body) {
        Pattern pattern = body ? Pattern.compile("\"\\$(\\d+)\"") : REFERENCE;
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = resolved.get(m.group(1));
            if (path == null) {
                throw DataverseErrors.badQuery("Content-ID reference $" + m.group(1) + " was not declared by an earlier operation of the change set.");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(body ? "\"/" + path + "\"" : path));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Absolute URL, absolute path or relative path → the path below the API root. */
    private String relative(String target) {
        String path = target;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            URI uri = URI.create(path);
            path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        if (path.startsWith(apiPath)) {
            return path.substring(apiPath.length());
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private void checkSize(int count) {
        if (count > MAX_REQUESTS) {
            throw DataverseErrors.badQuery("The batch holds more than " + MAX_REQUESTS + " requests.");
        }
    }

    private static Part part(String section) {
        Map<String, String> headers = new LinkedHashMap<>();
        String http = headersAndRest(section, headers);
        int lineEnd = http.indexOf("\r\n");
        String requestLine = lineEnd < 0 ? http.strip() : http.substring(0, lineEnd).strip();
        String[] words = requestLine.split(" ");
        if (words.length < 2) {
            throw DataverseErrors.badQuery("A batch part does not start with a request line: " + requestLine);
        }
        Map<String, String> inner = new LinkedHashMap<>();
        String body = lineEnd < 0 ? "" : headersAndRest(http.substring(lineEnd + 2), inner);
        return new Part(headers, words[0].toUpperCase(Locale.ROOT), words[1], inner,
                body.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads header lines (names lower-cased) up to the first blank line; returns what follows it. */
    private static String headersAndRest(String text, Map<String, String> headers) {
        String normalized = text.replace("\r\n", "\n").replace("\n", "\r\n");
        int end = normalized.indexOf("\r\n\r\n");
        String head = end < 0 ? normalized : normalized.substring(0, end);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return end < 0 ? "" : normalized.substring(end + 4);
    }

    /** The sections between {@code --boundary} lines, up to {@code --boundary--}. */
    private static List<String> split(String body, String boundary) {
        String normalized = body.replace("\r\n", "\n").replace("\n", "\r\n");
        List<String> sections = new ArrayList<>();
        String delimiter = "--" + boundary;
        int at = normalized.indexOf(delimiter);
        while (at >= 0) {
            int start = at + delimiter.length();
            if (normalized.startsWith("--", start)) {
                break;
            }
            int next = normalized.indexOf(delimiter, start);
            String section = normalized.substring(start, next < 0 ? normalized.length() : next);
            sections.add(section.startsWith("\r\n") ? section.substring(2) : section);
            at = next;
        }
        return sections;
    }

    private static Optional<String> boundary(String contentType) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            return Optional.empty();
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String changeSetResponse(List<Answer> answers) {
        String boundary = "changesetresponse_" + UUID.randomUUID();
        StringBuilder out = new StringBuilder("Content-Type: multipart/mixed; boundary=" + boundary + "\r\n\r\n");
        for (Answer answer : answers) {
            out.append("--").append(boundary).append("\r\n").append(httpPart(answer));
        }
        return out.append("--").append(boundary).append("--\r\n").toString();
    }

    private static String httpPart(Answer answer) {
        StringBuilder out = new StringBuilder("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        answer.contentId().ifPresent(id -> out.append("Content-ID: ").append(id).append("\r\n"));
        Response response = answer.response();
        out.append("\r\nHTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n");
        response.headers().forEach((name, value) -> out.append(name).append(": ").append(value).append("\r\n"));
        out.append("\r\n");
        if (response.body().length > 0) {
            out.append(new String(response.body(), StandardCharsets.UTF_8)).append("\r\n");
        }
        return out.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 412 -> "Precondition Failed";
            case 429 -> "Too Many Requests";
            case 501 -> "Not Implemented";
            default -> "Status";
        };
    }
}
