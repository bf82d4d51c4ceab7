package io.flotilla.protocol;

import io.flotilla.testkit.Await;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The futex doorbell: a ring wakes a sleeper of another process, a ring between arming and sleeping is not lost, a ring
 * with nobody asleep writes nothing, and a garbage word costs at most a sleep until the timeout. Each sleep is a
 * minute long, so a lost ring fails the test by its timeout, not by a timed assertion.
 */
@Timeout(60)
class SharedBellTest
{
    @TempDir
    Path dir;

    @Test
    void theKernelCallIsThereOnLinuxWithNativeAccess()
    {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        assertTrue(Futex.available(), "futex reachable (the build runs tests with jvm.flags): reason=" +
            Futex.unavailableReason());
        assertEquals(202, Futex.syscallNumber("Linux", "amd64"));
        assertEquals(98, Futex.syscallNumber("Linux", "aarch64"));
        assertEquals(-1, Futex.syscallNumber("Mac OS X", "aarch64"));
    }

    @Test
    void theWarmUpCallsTheKernelWithoutEverSleeping()
    {
        assumeTrue(Futex.available());
        final long start = System.nanoTime();
        Futex.warmUp(2_000); // each wait names a value the word does not hold: none may sleep its 0 ns timeout away
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs < 20_000, "2,000 wakes and waits that return at once: tookMs=" + tookMs);
    }

    @Test
    void aRingWakesASleeperInAnotherProcess() throws Exception
    {
        assumeTrue(Futex.available());
        try (CountersFile counters = CountersFile.create(dir.resolve("counters.dat"), 1, 2, 4);
            ChildJvm child = ChildJvm.start(dir.resolve("child.log"), BellSleeperMain.class,
                dir.resolve("counters.dat").toString(), "1"))
        {
            final SharedBell bell = counters.bell(1);
            Await.until(() -> 1 == bell.sleepers(), Duration.ofSeconds(30),
                () -> "the child armed the bell: output=" + child.output());
            assertEquals(0, counters.bell(2).sleepers(), "each slot has its own word");
            bell.ring();
            assertTrue(child.awaitExit(30, TimeUnit.SECONDS), "the ring woke the child: " + child.output());
            assertEquals(0, child.process().exitValue(), "woken by the ring, not the timeout: " + child.output());
            assertEquals(0, bell.sleepers(), "the child disarmed");
        }
    }

    @Test
    void aRingBetweenArmingAndSleepingIsNotLost() throws Exception
    {
        final SharedBell bell = new SharedBell(new UnsafeBuffer(ByteBuffer.allocateDirect(64)), 0);
        final UnsafeBuffer timespec = SharedBell.newTimespec();
        for (int round = 0; round < 200; round++)
        {
            final int key = bell.arm();
            final Thread ringer = Thread.ofPlatform().start(bell::ring);
            ringer.join();
            bell.await(key, TimeUnit.MINUTES.toNanos(1), timespec); // a lost ring sleeps the whole minute
            bell.disarm();
        }
        assertEquals(0, bell.sleepers());
    }

    @Test
    void aRingWithNobodyAsleepWritesNothing()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        final SharedBell bell = new SharedBell(buffer, 8);
        buffer.putInt(8, 5 * SharedBell.RING);
        bell.ring();
        assertEquals(5 * SharedBell.RING, buffer.getInt(8), "no sleeper: the word is only read");
        bell.arm();
        bell.ring();
        assertEquals(6 * SharedBell.RING + SharedBell.SLEEPER, buffer.getInt(8), "a sleeper: the ring count moved");
    }

    @Test
    void aGarbageWordCostsAtMostASleepUntilTheTimeout()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        final SharedBell bell = new SharedBell(buffer, 0);
        buffer.putInt(0, 0xDEAD_BEEF);
        bell.ring(); // counts garbage sleepers: wakes nobody, harmlessly
        final int key = bell.arm();
        buffer.putInt(0, key); // nobody rings
        bell.await(key, TimeUnit.MILLISECONDS.toNanos(20), SharedBell.newTimespec());
        bell.disarm();
        assertEquals(key - SharedBell.SLEEPER, buffer.getInt(0));
    }
}
