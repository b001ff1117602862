package io.cosell.sandbox.e2e.chaos;

/**
 * What a chaos run does: {@code referrals} shared by Microsoft, {@code opportunities} shared by sellers in the CRM,
 * {@code edits} random edits on both sides, all drawn from a {@link java.util.Random} seeded with {@code seed}, so
 * a failing run replays with the same seed.
 */
public record ChaosPlan(int referrals, int opportunities, int edits, long seed) {

    /** The plan from system properties {@code chaos.referrals}, {@code chaos.opportunities}, {@code chaos.edits}, {@code chaos.seed}. */
    public static ChaosPlan fromSystemProperties(int referrals, int opportunities) {
        int n = Integer.getInteger("chaos.referrals", referrals);
        int m = Integer.getInteger("chaos.opportunities", opportunities);
        int edits = Integer.getInteger("chaos.edits", n + m);
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        return new ChaosPlan(n, m, edits, seed);
    }
}
