package io.cosell.emulator.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes by method and path template. Templates use {name} for one path segment and may contain OData key syntax,
 * e.g. {@code /api/data/v9.2/{entitySet}({key})}. The first matching route wins.
 */
public final class Router {

    private record Route(String method, Pattern pattern, List<String> names, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router route(String method, String template, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append("([^/]+?)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?$");
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler));
        return this;
    }

    public Router get(String template, Handler handler) {
        return route("GET", template, handler);
    }

    public Router post(String template, Handler handler) {
        return route("POST", template, handler);
    }

    public Router patch(String template, Handler handler) {
        return route("PATCH", template, handler);
    }

    public Router put(String template, Handler handler) {
        return route("PUT", template, handler);
    }

    public Router delete(String template, Handler handler) {
        return route("DELETE", template, handler);
    }

    /** The matched handler with path parameters applied, or 404/405 as an {@link HttpError}. */
    public Response dispatch(Request request) throws Exception {
        boolean pathMatched = false;
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(request.path());
            if (!m.matches()) {
                continue;
            }
            pathMatched = true;
            if (!route.method().equals(request.method())) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                params.put(route.names().get(i), m.group(i + 1));
            }
            return route.handler().handle(request.withPathParams(params));
        }
        if (pathMatched) {
            throw new HttpError(405, "methodNotAllowed", request.method() + " is not supported on " + request.path());
        }
        throw new HttpError(404, "itemNotFound", "No resource at " + request.path());
    }
}
