package org.opencdp.trigger.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.trigger.run.WorkflowRuns;
import org.opencdp.platform.streams.Failures;
import org.opencdp.platform.trace.Tracing;

/**
 * Delivers the runs of one enriched-events partition to their workflows' webhooks (docs/workflows.md). Each new
 * run of a workflow with a webhook is recorded PENDING in {@link DeliveryStores} and on {@code webhook-deliveries}
 * in the transaction that starts it. A wall-clock punctuation (every {@link WebhookConfig#interval()}) then, on
 * the stream thread:
 * <ol>
 *   <li>applies the outcomes of the requests that finished since the last round (DELIVERED, PENDING with the
 *   next attempt's time, or PARKED), so every state change is written by the task, inside its transaction;</li>
 *   <li>cancels requests open longer than the timeout (their outcome is a failure, applied next round);</li>
 *   <li>starts the due deliveries, at most {@link WebhookConfig#maxInFlight()} open at once, with the async
 *   client: the stream thread never waits for a receiver;</li>
 *   <li>tombstones finished deliveries whose retention has passed.</li>
 * </ol>
 * One delivery that cannot be read, sent or recorded never stops the others: it is parked (or, unreadable,
 * dropped) with its reason, and the round goes on. A failure of Kafka itself (the registry, the broker) ends the
 * round early without changing the delivery; the next round tries again, and {@link DeliveryMonitor} reports a
 * task whose rounds keep failing. Requests still open when the task closes are forgotten: their deliveries are
 * still PENDING in the store, so the partition's next owner sends them again (at-least-once).
 */
public final class WebhookDeliverer implements Processor<CustomerKey, WorkflowRun, RunKey, WebhookDelivery> {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    /** Finished deliveries tombstoned per round at most, so that one round stays short after a long pause. */
    private static final int EXPIRIES_PER_ROUND = 1000;
    /** Longest text of an error kept on a delivery. */
    private static final int MAX_ERROR_LENGTH = 500;

    /** A request that is open, and the state it was started from. */
    private record InFlight(WebhookDelivery delivery, long startedAt, CompletableFuture<WebhookSender.Answer> answer) {
    }

    /** A finished request: the receiver's answer, or why there is none. */
    private record Outcome(String key, WebhookDelivery attempted, WebhookSender.Answer answer, Throwable failure) {
    }

    private final WebhookConfig config;
    private final DeliveryBook.Opener books;
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private ProcessorContext<RunKey, WebhookDelivery> context;
    private KeyValueStore<String, WorkflowDefinition> definitions;
    private DeliveryBook book;
    private String task;

    public WebhookDeliverer(final WebhookConfig config, final DeliveryBook.Opener books) {
        this.config = config;
        this.books = books;
    }

    @Override
    public void init(final ProcessorContext<RunKey, WebhookDelivery> context) {
        this.context = context;
        this.definitions = context.getStateStore(DefinitionStore.NAME);
        this.book = books.open(context);
        DeliveryCounter.register();
        this.task = context.taskId().toString();
        if (config.enabled()) {
            config.monitor().started(task, context.currentSystemTimeMs());
            context.schedule(config.interval(), PunctuationType.WALL_CLOCK_TIME, this::round);
        }
    }

    /** Records a new run of a workflow with a webhook as PENDING, due at once. */
    @Override
    public void process(final Record<CustomerKey, WorkflowRun> record) {
        final WorkflowRun run = record.value();
        if (run == null || WorkflowRuns.isFailed(run)) {
            return; // a failed run has no message to deliver (docs/workflows.md, "Runs")
        }
        final WorkflowDefinition workflow = definitions.get(DefinitionStore.key(run.getWorkspaceId(), run.getWorkflowId()));
        if (workflow == null || workflow.getWebhook() == null) {
            return;
        }
        final String key = DeliveryBook.keyOf(run);
        final Optional<WebhookDelivery> known = readable(key);
        if (known.isPresent()) {
            return;
        }
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        // Bounded: the run, with this URL, fits Topics.MAX_RUN_BYTES (WorkflowRuns); the rest is in the margin.
        final WebhookDelivery pending = new WebhookDelivery(WebhookDeliveries.PENDING, workflow.getWebhook().getUrl(),
                0, null, now, run, now);
        book.put(known, pending);
        context.forward(new Record<>(DeliveryBook.topicKey(run), pending, record.timestamp()));
    }

    /** The stored delivery; an unreadable one counts as none (the new state replaces it). */
    private Optional<WebhookDelivery> readable(final String key) {
        try {
            return book.get(key);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            LOG.errorf("Replacing the unreadable delivery %s: %s", key, e.toString());
            return Optional.empty();
        }
    }

    private void round(final long now) {
        try {
            applyOutcomes(now);
            cancelOverdue(now);
            startDue(now);
            config.monitor().completed(task, now, book.nextDue());
        } catch (TaskMigratedException e) {
            throw e;
        } catch (RuntimeException e) {
            // The broker or the registry (a delivery's own failure is contained in guarded): the next round tries
            // again, and readiness turns DOWN if rounds keep failing while deliveries are due.
            LOG.warnf("Webhook delivery round of task %s ended early, to be tried again: %s", task, e.toString());
        }
    }

    private void applyOutcomes(final long now) {
        for (Outcome outcome = outcomes.poll(); outcome != null; outcome = outcomes.poll()) {
            inFlight.remove(outcome.key());
            final Outcome finished = outcome;
            final WorkflowRun run = outcome.attempted().getRun();
            try (Tracing.LogScope logged = Tracing.logContext(run.getRequestId(), run.getTraceParent())) {
                guarded(outcome.key(), () -> apply(finished, now));
            }
        }
    }

    private void apply(final Outcome outcome, final long now) {
        final Optional<WebhookDelivery> current = book.get(outcome.key());
        final WebhookDelivery attempted = outcome.attempted();
        if (current.isEmpty() || !sameState(current.get(), attempted)) {
            return; // Erased, or changed meanwhile (an admin retry): this outcome is of a state that is gone.
        }
        final int attempts = attempted.getAttempts() + 1;
        if (outcome.failure() == null && outcome.answer().status() / 100 == 2) {
            record(current, finished(attempted, WebhookDeliveries.DELIVERED, attempts, null, now));
            return;
        }
        final String error = outcome.failure() != null ? describe(outcome.failure())
                : "HTTP " + outcome.answer().status() + (outcome.answer().body().isBlank() ? ""
                : ": " + outcome.answer().body().strip());
        failed(current, attempted, attempts, error, now);
    }

    /** After a failed attempt: PENDING with the next attempt's time, or PARKED after the last one. */
    private void failed(final Optional<WebhookDelivery> current, final WebhookDelivery attempted, final int attempts,
                        final String error, final long now) {
        final var delay = config.policy().nextDelay(attempts, ThreadLocalRandom.current()::nextDouble);
        if (delay.isEmpty()) {
            LOG.infof("Run %s parked after %d attempts: %s", attempted.getRun().getRunId(), attempts, error);
            record(current, finished(attempted, WebhookDeliveries.PARKED, attempts, error, now));
            return;
        }
        record(current, new WebhookDelivery(WebhookDeliveries.PENDING, attempted.getUrl(), attempts, truncate(error),
                Instant.ofEpochMilli(now), attempted.getRun(), Instant.ofEpochMilli(now + delay.get().toMillis())));
    }

    private void cancelOverdue(final long now) {
        final long limit = config.sender().timeout().toMillis();
        inFlight.values().stream()
                .filter(open -> now - open.startedAt() > limit)
                .forEach(open -> open.answer().cancel(true));
    }

    private void startDue(final long now) {
        final int free = config.maxInFlight() - inFlight.size();
        for (final String entry : book.due(now, inFlight.size() + Math.max(0, free) + EXPIRIES_PER_ROUND)) {
            final String key = DeliveryStores.deliveryKeyOf(entry);
            if (inFlight.containsKey(key)) {
                continue;
            }
            guarded(key, () -> due(entry, key, now));
        }
    }

    /** One due schedule entry: an attempt to start, a retention that has passed, or an entry that is stale. */
    private void due(final String entry, final String key, final long now) {
        final Optional<WebhookDelivery> current = book.get(key);
        if (current.isEmpty() || book.dueAt(current.get()) != DeliveryStores.scheduledAt(entry)) {
            book.unschedule(entry);
            current.ifPresent(book::reschedule);
            return;
        }
        final WebhookDelivery delivery = current.get();
        if (!WebhookDeliveries.PENDING.equals(delivery.getState())) {
            book.remove(key, current);
            context.forward(new Record<>(DeliveryBook.topicKey(delivery.getRun()), null, now));
            return;
        }
        if (inFlight.size() >= config.maxInFlight()) {
            return; // Due, but the task has enough open requests: it is started in a later round.
        }
        final CompletableFuture<WebhookSender.Answer> answer;
        try {
            answer = config.sender().send(delivery.getUrl(), delivery.getRun(), signingSecret(delivery.getRun()));
        } catch (IllegalArgumentException e) {
            // This delivery can never be sent as it stands: no retry can help, an admin may fix and retry it.
            record(current, finished(delivery, WebhookDeliveries.PARKED, delivery.getAttempts() + 1,
                    "cannot send: " + e.getMessage(), now));
            return;
        }
        inFlight.put(key, new InFlight(delivery, now, answer));
        answer.whenComplete((received, failure) -> outcomes.add(new Outcome(key, delivery, received, failure)));
    }

    /** The run's workflow's webhook secret now (a rotated one included); null when it has none, or is gone. */
    private String signingSecret(final WorkflowRun run) {
        final WorkflowDefinition workflow = definitions.get(DefinitionStore.key(run.getWorkspaceId(), run.getWorkflowId()));
        return workflow == null || workflow.getWebhook() == null ? null : workflow.getWebhook().getSigningSecret();
    }

    /**
     * Runs one delivery's step; a failure that is the delivery's own (it cannot be read, or its step throws)
     * parks it, or drops it when it cannot even be read, and the round goes on with the next.
     */
    private void guarded(final String key, final Runnable step) {
        try {
            step.run();
        } catch (TaskMigratedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            LOG.errorf(e, "Webhook delivery %s failed in task %s; the others go on", key, task);
            contain(key, e);
        }
    }

    private void contain(final String key, final RuntimeException failure) {
        final Optional<WebhookDelivery> current;
        try {
            current = book.get(key);
        } catch (RuntimeException unreadable) {
            if (Failures.isTransient(unreadable)) {
                throw unreadable;
            }
            LOG.errorf("Dropping the unreadable delivery %s: %s", key, unreadable.toString());
            book.remove(key, Optional.empty());
            return;
        }
        current.filter(d -> WebhookDeliveries.PENDING.equals(d.getState()))
                .ifPresent(d -> record(current, finished(d, WebhookDeliveries.PARKED, d.getAttempts(),
                        "cannot deliver: " + describe(failure), context.currentSystemTimeMs())));
    }

    private void record(final Optional<WebhookDelivery> previous, final WebhookDelivery delivery) {
        book.put(previous, delivery);
        DeliveryCounter.count(delivery);
        context.forward(new Record<>(DeliveryBook.topicKey(delivery.getRun()), delivery,
                delivery.getUpdatedAt().toEpochMilli()));
    }

    private static WebhookDelivery finished(final WebhookDelivery delivery, final String state, final int attempts,
                                            final String error, final long now) {
        return new WebhookDelivery(state, delivery.getUrl(), attempts, truncate(error), Instant.ofEpochMilli(now),
                delivery.getRun(), null);
    }

    private static boolean sameState(final WebhookDelivery a, final WebhookDelivery b) {
        return a.getState().equals(b.getState()) && a.getAttempts() == b.getAttempts()
                && a.getUpdatedAt().equals(b.getUpdatedAt());
    }

    private static String describe(final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return "timed out";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String truncate(final String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH) + "…";
    }

    @Override
    public void close() {
        final List<InFlight> open = new ArrayList<>(inFlight.values());
        inFlight.clear();
        open.forEach(request -> request.answer().cancel(true));
        outcomes.clear();
        if (config.enabled() && task != null) {
            config.monitor().stopped(task);
        }
    }
}
