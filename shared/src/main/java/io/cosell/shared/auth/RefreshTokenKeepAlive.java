package io.cosell.shared.auth;

import io.cosell.shared.metrics.Metrics;
import io.cosell.shared.usecase.KeepAliveReport;
import io.cosell.shared.usecase.TokenKeepAlive;

/**
 * {@link TokenKeepAlive} through the same provider and store the syncs use: a forced redemption, the new token stored
 * conditionally. A dead sign-in is reported (and counted as an {@code AuthFailures} metric for the alarm), not thrown:
 * a scheduled invocation that failed would only be retried by Lambda against the same dead token.
 */
public final class RefreshTokenKeepAlive implements TokenKeepAlive {

    private static final System.Logger LOG = System.getLogger(RefreshTokenKeepAlive.class.getName());

    private final EntraTokenProvider partnerCenter;
    private final Metrics metrics;

    public RefreshTokenKeepAlive(EntraTokenProvider partnerCenter, Metrics metrics) {
        this.partnerCenter = partnerCenter;
        this.metrics = metrics;
    }

    @Override
    public KeepAliveReport keepAlive() {
        KeepAliveReport report;
        try {
            report = switch (partnerCenter.refreshNow()) {
                case STORED -> new KeepAliveReport(KeepAliveReport.STORED,
                        "The Partner Center refresh token was redeemed and the new one is stored.");
                case NEWER_ALREADY_STORED -> new KeepAliveReport(KeepAliveReport.NEWER_KEPT,
                        "The Partner Center refresh token was redeemed; another environment stored a newer one "
                                + "at the same moment, which stays.");
                case NONE -> new KeepAliveReport(KeepAliveReport.NEWER_KEPT,
                        "The Partner Center refresh token was redeemed; the stored one stays.");
            };
        } catch (SignInExpiredException e) {
            metrics.authFailure(e.reason().name());
            report = new KeepAliveReport(KeepAliveReport.SIGN_IN_EXPIRED, e.notice());
        }
        LOG.log(report.alive() ? System.Logger.Level.INFO : System.Logger.Level.ERROR, "keep-alive: " + report.message());
        return report;
    }
}
