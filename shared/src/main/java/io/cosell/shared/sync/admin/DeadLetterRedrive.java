package io.cosell.shared.sync.admin;

import io.cosell.shared.queue.DeadLetterQueue;
import io.cosell.shared.usecase.AdminReport;
import io.cosell.shared.usecase.DeadLetterReplay;
import io.cosell.shared.vocabulary.SyncMessage;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link DeadLetterReplay}: moves the dead letters back to the sync queue, all or those of one referral, and says
 * which. The mapper then handles them as any message (it reads the current state, so an old message is harmless).
 */
public final class DeadLetterRedrive implements DeadLetterReplay {

    static final String ACTION = "replay-dlq";

    private final DeadLetterQueue deadLetters;

    public DeadLetterRedrive(DeadLetterQueue deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public AdminReport replay(Optional<String> referralId) {
        Optional<String> only = referralId.map(String::strip).filter(id -> !id.isEmpty());
        Predicate<SyncMessage> select = only.<Predicate<SyncMessage>>map(id -> message -> id.equalsIgnoreCase(message.referralId()))
                .orElse(message -> true);
        DeadLetterQueue.Moved moved = deadLetters.moveBack(select);
        String message = "moved " + moved.moved().size() + " dead letter(s) back to the sync queue"
                + only.map(id -> " (referral " + id + ")").orElse("") + "; " + moved.left() + " left on the dead-letter queue";
        return new AdminReport(ACTION, moved.moved().stream().map(Describe::message).toList(), moved.left(), message);
    }
}
