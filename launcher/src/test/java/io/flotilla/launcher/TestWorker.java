package io.flotilla.launcher;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.EchoResponder;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;

import java.nio.file.Path;

/**
 * Worker mains that misbehave on purpose: {@code <pool-dir> <slot> <mode>}.
 * <ul>
 *   <li>{@code hello}: prints a line, then serves as an echo responder;</li>
 *   <li>{@code hang-after-ready}: gets ready, beats for a while, then stops beating but keeps living;</li>
 *   <li>{@code die-on-restart}: serves on its first start; every later start exits with status 3 before it is
 *   ready.</li>
 * </ul>
 */
public final class TestWorker
{
    private TestWorker()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final String dir = args[0];
        final int slot = Integer.parseInt(args[1]);
        switch (args[2])
        {
            case "hello" ->
            {
                System.out.println("hello from worker " + slot);
                EchoResponder.main(new String[] {dir, args[1]});
            }
            case "hang-after-ready" ->
            {
                try (CountersFile counters = CountersFile.open(PoolDirectory.open(Path.of(dir)).countersFile()))
                {
                    counters.pid(slot, ProcessHandle.current().pid());
                    counters.heartbeat(slot, System.currentTimeMillis());
                    counters.state(slot, ProcessState.READY);
                    final long beatUntil = System.currentTimeMillis() + 300;
                    while (System.currentTimeMillis() < beatUntil)
                    {
                        counters.heartbeat(slot, System.currentTimeMillis());
                        Thread.sleep(50);
                    }
                    System.out.println("stopped beating");
                    Thread.sleep(120_000);
                }
            }
            case "die-on-restart" ->
            {
                final long starts;
                try (CountersFile counters = CountersFile.open(PoolDirectory.open(Path.of(dir)).countersFile()))
                {
                    starts = counters.starts(slot);
                }
                if (starts > 1)
                {
                    System.out.println("refusing to start again: starts=" + starts);
                    System.exit(3);
                }
                EchoResponder.main(new String[] {dir, args[1]});
            }
            default -> throw new IllegalArgumentException("unknown mode: mode=" + args[2]);
        }
    }
}
