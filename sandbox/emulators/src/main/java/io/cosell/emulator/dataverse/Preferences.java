package io.cosell.emulator.dataverse;

import io.cosell.emulator.http.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Prefer} header(s) of a request: {@code return=representation}, {@code odata.maxpagesize=n},
 * {@code odata.track-changes} and {@code odata.include-annotations="a,b*"} (patterns may end in {@code *}).
 */
record Preferences(boolean returnRepresentation, Optional<Integer> maxPageSize, boolean trackChanges,
                   List<String> annotationPatterns) {

    static Preferences of(Request request) {
        boolean representation = false;
        Optional<Integer> pageSize = Optional.empty();
        boolean track = false;
        List<String> annotations = new ArrayList<>();
        for (String header : request.headers().getOrDefault("prefer", List.of())) {
            for (String preference : QuotedText.splitOutsideQuotes(header, '"')) {
                String p = preference.trim();
                if (p.equals("return=representation")) {
                    representation = true;
                } else if (p.equals("odata.track-changes")) {
                    track = true;
                } else if (p.startsWith("odata.maxpagesize=")) {
                    pageSize = Optional.of(pageSize(p.substring("odata.maxpagesize=".length())));
                } else if (p.startsWith("odata.include-annotations=")) {
                    String list = p.substring("odata.include-annotations=".length()).replace("\"", "");
                    for (String pattern : list.split(",")) {
                        annotations.add(pattern.trim());
                    }
                }
            }
        }
        return new Preferences(representation, pageSize, track, List.copyOf(annotations));
    }

    /** True when the client asked for annotations with this term, e.g. OData.Community.Display.V1.FormattedValue. */
    boolean includesAnnotation(String term) {
        return annotationPatterns.stream().anyMatch(p -> p.equals("*") || p.equals(term)
                || (p.endsWith("*") && term.startsWith(p.substring(0, p.length() - 1))));
    }

    private static int pageSize(String value) {
        try {
            int size = Integer.parseInt(value.trim());
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw DataverseErrors.badQuery("The odata.maxpagesize preference '" + value + "' is not a positive integer.");
    }

}
