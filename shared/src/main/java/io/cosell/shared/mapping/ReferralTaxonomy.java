package io.cosell.shared.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Partner role, solution area and solution play of a referral the connector creates: which opportunity columns hold
 * them and which values Partner Center accepts. Microsoft changes this taxonomy every fiscal year (FY26: new Solution
 * Areas and Solution Plays), so the allowed values are configuration. Partner Center requires the three on Services
 * co-sell referrals; {@code servicesCoSell} says this partner's co-sell referrals are such referrals.
 *
 * @param partnerRoleColumn  opportunity column holding the partner role (none: not mapped)
 * @param solutionAreaColumn opportunity column holding the solution area (none: not mapped)
 * @param solutionPlayColumn opportunity column holding the solution play (none: not mapped)
 * @param partnerRoles       the partner roles Partner Center accepts
 * @param solutionPlays      each solution area Partner Center accepts, with the solution plays that belong to it
 * @param servicesCoSell     true: every referral that asks for Microsoft's help needs all three (default false)
 */
public record ReferralTaxonomy(String partnerRoleColumn, String solutionAreaColumn, String solutionPlayColumn,
                               List<String> partnerRoles, Map<String, List<String>> solutionPlays,
                               Boolean servicesCoSell) {

    /** The JSON properties of a referral that carry the taxonomy (Partner Center's names). */
    public static final String PARTNER_ROLE = "partnerRole";
    public static final String SOLUTION_AREA = "solutionArea";
    public static final String SOLUTION_PLAY = "solutionPlay";

    public static final String PARTNER_ROLE_LABEL = "Partner role";
    public static final String SOLUTION_AREA_LABEL = "Solution area";
    public static final String SOLUTION_PLAY_LABEL = "Solution play";

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ReferralTaxonomy {
        partnerRoles = partnerRoles == null ? List.of() : List.copyOf(partnerRoles);
        Map<String, List<String>> plays = new LinkedHashMap<>();
        if (solutionPlays != null) {
            solutionPlays.forEach((area, list) -> plays.put(area, list == null ? List.of() : List.copyOf(list)));
        }
        solutionPlays = java.util.Collections.unmodifiableMap(plays);
        servicesCoSell = servicesCoSell != null && servicesCoSell;
    }

    /** No taxonomy mapped: nothing read, nothing sent, nothing required. */
    public static ReferralTaxonomy none() {
        return new ReferralTaxonomy(null, null, null, null, null, null);
    }

    /** The opportunity columns the mapper reads for the taxonomy. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        Optional.ofNullable(partnerRoleColumn).ifPresent(columns::add);
        Optional.ofNullable(solutionAreaColumn).ifPresent(columns::add);
        Optional.ofNullable(solutionPlayColumn).ifPresent(columns::add);
        return columns;
    }

    /** The opportunity's taxonomy values, by referral property, as the seller entered them (blank left out). */
    public record Values(Optional<String> partnerRole, Optional<String> solutionArea, Optional<String> solutionPlay) {

        public static Values none() {
            return new Values(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * What is wrong with the values of an opportunity, in a seller's words; empty when they may be sent.
     *
     * @param coSell the referral asks for Microsoft's help
     */
    public List<String> check(Values values, boolean coSell) {
        List<String> problems = new ArrayList<>();
        boolean required = servicesCoSell && coSell;
        if (partnerRoleColumn != null) {
            value(problems, PARTNER_ROLE_LABEL, partnerRoleColumn, values.partnerRole(), partnerRoles, required);
        }
        if (solutionAreaColumn != null) {
            value(problems, SOLUTION_AREA_LABEL, solutionAreaColumn, values.solutionArea(),
                    List.copyOf(solutionPlays.keySet()), required);
        }
        if (solutionPlayColumn != null) {
            Optional<String> area = values.solutionArea().filter(solutionPlays::containsKey);
            List<String> allowed = area.map(solutionPlays::get).orElseGet(this::everyPlay);
            Optional<String> play = values.solutionPlay();
            if (play.isEmpty()) {
                value(problems, SOLUTION_PLAY_LABEL, solutionPlayColumn, play, allowed, required);
            } else if (!allowed.contains(play.get())) {
                problems.add(SOLUTION_PLAY_LABEL + " '" + play.get() + "' is not one of the "
                        + area.map(a -> "plays of solution area '" + a + "'").orElse("solution plays Partner Center accepts")
                        + ": pick one of " + String.join(", ", allowed) + " in " + solutionPlayColumn + ".");
            }
        }
        return problems;
    }

    private List<String> everyPlay() {
        Set<String> every = new LinkedHashSet<>();
        solutionPlays.values().forEach(every::addAll);
        return List.copyOf(every);
    }

    private static void value(List<String> problems, String label, String column, Optional<String> value,
                              List<String> allowed, boolean required) {
        if (value.isEmpty()) {
            if (required) {
                problems.add(label + " is required for a Services co-sell referral: pick one of "
                        + String.join(", ", allowed) + " in " + column + ".");
            }
        } else if (!allowed.contains(value.get())) {
            problems.add(label + " '" + value.get() + "' is not one of the values Partner Center accepts: pick one of "
                    + String.join(", ", allowed) + " in " + column + ".");
        }
    }

    /** What is wrong with this configuration, each naming its setting; empty when usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        column(problems, "taxonomy.partnerRoleColumn", partnerRoleColumn);
        column(problems, "taxonomy.solutionAreaColumn", solutionAreaColumn);
        column(problems, "taxonomy.solutionPlayColumn", solutionPlayColumn);
        if (partnerRoleColumn != null && partnerRoles.isEmpty()) {
            problems.add("taxonomy.partnerRoles is empty; list the partner roles Partner Center accepts");
        }
        if ((solutionAreaColumn != null || solutionPlayColumn != null) && solutionPlays.isEmpty()) {
            problems.add("taxonomy.solutionPlays is empty; map each solution area Partner Center accepts to its"
                    + " solution plays");
        }
        values(problems, "taxonomy.partnerRoles", partnerRoles);
        values(problems, "taxonomy.solutionPlays (solution areas)", List.copyOf(solutionPlays.keySet()));
        solutionPlays.forEach((area, plays) -> {
            if (plays.isEmpty()) {
                problems.add("taxonomy.solutionPlays." + area + " has no solution plays");
            }
            values(problems, "taxonomy.solutionPlays." + area, plays);
        });
        if (servicesCoSell && (partnerRoleColumn == null || solutionAreaColumn == null || solutionPlayColumn == null)) {
            problems.add("taxonomy.servicesCoSell needs partnerRoleColumn, solutionAreaColumn and solutionPlayColumn:"
                    + " Partner Center requires all three on Services co-sell referrals");
        }
        return problems;
    }

    private static void column(List<String> problems, String name, String value) {
        if (value != null && !COLUMN.matcher(value).matches()) {
            problems.add(name + " '" + value + "' is not a column name");
        }
    }

    private static void values(List<String> problems, String name, List<String> values) {
        Set<String> seen = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                problems.add(name + " has an empty value");
            } else if (!seen.add(value)) {
                problems.add(name + " lists '" + value + "' twice");
            }
        }
    }
}
