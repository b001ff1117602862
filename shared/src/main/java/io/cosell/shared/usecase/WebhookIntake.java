package io.cosell.shared.usecase;



/** Decides what happens to one Partner Center webhook delivery that names a referral event. */
public interface WebhookIntake {

    IntakeResult accept(WebhookDelivery delivery);
}
