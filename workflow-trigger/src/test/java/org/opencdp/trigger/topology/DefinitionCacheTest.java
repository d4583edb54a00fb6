package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencdp.trigger.Fixtures.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.WorkflowDefinition;

class DefinitionCacheTest {

    private final List<WorkflowDefinition> stored = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final Function<String, List<WorkflowDefinition>> store = workspace -> {
        loads.incrementAndGet();
        return stored.stream().filter(d -> d.getWorkspaceId().equals(workspace)).toList();
    };

    @Test
    void shouldLoadAWorkspaceOnceAndAnswerEachEventWithItsWorkflowsInIdOrder() {
        // Given
        stored.add(workflow("demo", "wf-b", "signup", true));
        stored.add(workflow("demo", "wf-a", "signup", true));
        stored.add(workflow("demo", "wf-c", "purchase", true));
        final DefinitionCache cache = new DefinitionCache();

        // When
        final List<WorkflowDefinition> signup = cache.triggeredBy("demo", "signup", store);
        final List<WorkflowDefinition> purchase = cache.triggeredBy("demo", "purchase", store);
        final List<WorkflowDefinition> none = cache.triggeredBy("demo", "refund", store);

        // Then
        assertThat(signup).extracting(WorkflowDefinition::getWorkflowId).containsExactly("wf-a", "wf-b");
        assertThat(purchase).extracting(WorkflowDefinition::getWorkflowId).containsExactly("wf-c");
        assertThat(none).isEmpty();
        assertThat(loads).hasValue(1);
    }

    @Test
    void shouldLoadAgainAfterAChange() {
        // Given a workspace cached without workflows
        final DefinitionCache cache = new DefinitionCache();
        assertThat(cache.triggeredBy("demo", "signup", store)).isEmpty();

        // When a workflow is stored and the cache told
        stored.add(workflow("demo", "wf-a", "signup", true));
        cache.changed();

        // Then
        assertThat(cache.triggeredBy("demo", "signup", store)).extracting(WorkflowDefinition::getWorkflowId)
                .containsExactly("wf-a");
        assertThat(loads).hasValue(2);
    }

    @Test
    void shouldLoadAgainWhenAChangeLandsWhileTheWorkspaceIsBeingLoaded() {
        // Given a load during which the global thread stores a workflow and tells the cache
        final DefinitionCache cache = new DefinitionCache();
        final Function<String, List<WorkflowDefinition>> racing = workspace -> {
            final List<WorkflowDefinition> before = store.apply(workspace);
            stored.add(workflow("demo", "wf-a", "signup", true));
            cache.changed();
            return before;
        };
        assertThat(cache.triggeredBy("demo", "signup", racing)).isEmpty();

        // When the next event of the workspace comes
        final List<WorkflowDefinition> next = cache.triggeredBy("demo", "signup", store);

        // Then what was loaded before the change is not kept
        assertThat(next).extracting(WorkflowDefinition::getWorkflowId).containsExactly("wf-a");
    }

    @Test
    void shouldKeepAtMostItsBoundOfWorkspacesDroppingTheLeastRecentlyUsed() {
        // Given a cache of two workspaces
        final DefinitionCache cache = new DefinitionCache(2);
        cache.triggeredBy("a", "signup", store);
        cache.triggeredBy("b", "signup", store);
        cache.triggeredBy("a", "signup", store);

        // When a third is used
        cache.triggeredBy("c", "signup", store);

        // Then b, the least recently used, is loaded again on its next use, and a is not
        assertThat(cache.size()).isEqualTo(2);
        cache.triggeredBy("a", "signup", store);
        assertThat(loads).hasValue(3);
        cache.triggeredBy("b", "signup", store);
        assertThat(loads).hasValue(4);
    }

    @Test
    void shouldRefuseABoundBelowOne() {
        assertThatThrownBy(() -> new DefinitionCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
