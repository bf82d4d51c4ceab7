package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ring wakes a parked idler, and a ring that comes before the park keeps it from parking: none is lost. */
@Timeout(60)
class DoorbellTest
{
    @Test
    void aRingIsNeverLostWhateverTheInterleaving() throws Exception
    {
        final Doorbell doorbell = new Doorbell();
        for (int round = 0; round < 2_000; round++)
        {
            final CountDownLatch woke = new CountDownLatch(1);
            final Thread idler = Thread.ofPlatform().start(() ->
            {
                doorbell.park(TimeUnit.SECONDS.toNanos(30)); // a lost ring would park the whole 30 s
                woke.countDown();
            });
            if (0 == round % 3)
            {
                Thread.onSpinWait();
            }
            doorbell.ring();
            assertTrue(woke.await(10, TimeUnit.SECONDS), "the idler woke: round=" + round);
            idler.join();
        }
    }

    @Test
    void anIdleStrategyAroundItIsWokenToo() throws Exception
    {
        final Doorbell doorbell = new Doorbell();
        final org.agrona.concurrent.IdleStrategy idle =
            doorbell.around(new org.agrona.concurrent.SleepingIdleStrategy(TimeUnit.SECONDS.toNanos(30)));
        for (int round = 0; round < 500; round++)
        {
            final CountDownLatch woke = new CountDownLatch(1);
            final Thread idler = Thread.ofPlatform().start(() ->
            {
                idle.idle(0);
                woke.countDown();
            });
            doorbell.ring();
            assertTrue(woke.await(10, TimeUnit.SECONDS), "the idler woke: round=" + round);
            idler.join();
        }
    }
}
