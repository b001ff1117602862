package io.cosell.shared.sync.admin;

import io.cosell.shared.vocabulary.SyncMessage;

/** A sync message in one line, for reports. */
final class Describe {

    private Describe() {
    }

    static String message(SyncMessage message) {
        StringBuilder line = new StringBuilder(message.direction().name()).append(' ');
        if (message.referralId() != null) {
            line.append("referral ").append(message.referralId());
        }
        if (message.crmRecord() != null) {
            line.append(message.referralId() != null ? " / " : "")
                    .append(message.crmRecord().entitySet()).append('(').append(message.crmRecord().id()).append(')');
        }
        return line.append(" (").append(message.eventName()).append(')').toString();
    }
}
