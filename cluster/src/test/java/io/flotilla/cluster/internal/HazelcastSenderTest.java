package io.flotilla.cluster.internal;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static io.flotilla.cluster.internal.HazelcastSender.describe;
import static io.flotilla.cluster.internal.HazelcastSender.reasonOf;
import static io.flotilla.cluster.internal.RetryPolicy.Reason.NODE_LEFT;
import static io.flotilla.cluster.internal.RetryPolicy.Reason.NODE_UNREACHABLE;
import static io.flotilla.cluster.internal.RetryPolicy.Reason.REMOTE_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HazelcastSenderTest
{
    @Test
    void aMemberThatLeftOrIsNoMemberIsGoneAnywhereInTheCauseChain()
    {
        assertEquals(NODE_LEFT, reasonOf(new MemberLeftException("left")));
        assertEquals(NODE_LEFT, reasonOf(new TargetNotMemberException("not a member")));
        assertEquals(NODE_LEFT, reasonOf(new ExecutionException(new MemberLeftException("left"))));
        assertEquals(NODE_LEFT, reasonOf(new TargetDisconnectedException("gone",
            new TargetNotMemberException("not a member"))), "gone wins over a disconnect");
    }

    @Test
    void aDroppedConnectionIsUnreachableAndAnythingElseFailedRemotely()
    {
        assertEquals(NODE_UNREACHABLE, reasonOf(new TargetDisconnectedException("dropped")));
        assertEquals(NODE_UNREACHABLE, reasonOf(new ExecutionException(new TargetDisconnectedException("dropped"))));
        assertEquals(REMOTE_FAILURE, reasonOf(new IllegalStateException("boom")));
        assertEquals(REMOTE_FAILURE, reasonOf(new ExecutionException(new IllegalStateException("boom"))));
    }

    @Test
    void aFailureIsDescribedByItsRootPastExecutionExceptions()
    {
        assertEquals("java.lang.IllegalStateException: boom",
            describe(new ExecutionException(new ExecutionException(new IllegalStateException("boom")))));
        assertEquals("java.lang.IllegalStateException", describe(new IllegalStateException()));
    }
}
