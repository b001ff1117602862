package io.cosell.shared.usecase;

/**
 * Redeems the Partner Center refresh token now and stores the new one, so a connector that had nothing to sync for
 * weeks never lets its consent age out (a refresh token unused for 90 days dies). Scheduled at least weekly.
 */
public interface TokenKeepAlive {

    KeepAliveReport keepAlive();
}
