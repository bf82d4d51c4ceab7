package io.flotilla.tools;

import io.flotilla.Pool;
import io.flotilla.TaskFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool keeps its files after method references and lambdas ran: replay names their tasks readably, by class and
 * method, not by the lambda's encoded shape.
 */
@Timeout(120)
class ReplayLambdaTest
{
    static int twice(final int x)
    {
        return 2 * x;
    }

    @Test
    void lambdaTasksShowByClassAndMethod() throws Exception
    {
        final Path base = Files.createTempDirectory("flotilla-replay-lambda");
        try
        {
            try (Pool pool = Pool.builder().processes(1).base(base).poolId("lambdas").keepFiles(true)
                .workerOutputLevel(System.Logger.Level.OFF).build())
            {
                assertEquals(14, pool.submit(ReplayLambdaTest::twice, 7).get(30, TimeUnit.SECONDS));
                final int add = 3;
                final TaskFunction<Integer, Integer> plus = x -> x + add;
                assertEquals(List.of(4, 5), pool.map(plus, List.of(1, 2)));
            }
            final String ls = run("replay", base.resolve("lambdas").toString(), "ls");
            assertTrue(ls.contains("ReplayLambdaTest::twice"), ls);
            assertTrue(ls.contains("ReplayLambdaTest.lambda$"), ls);
            assertTrue(!ls.contains("io/flotilla/TaskFunction"), "no shape fields: " + ls);
        }
        finally
        {
            io.flotilla.protocol.PoolDirectory.deleteTree(base);
        }
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final PrintStream original = System.out;
        try
        {
            System.setOut(out); // the commands print to System.out as it is when they are created
            final CommandLine cli = new CommandLine(new FlotillaCli());
            cli.setOut(new java.io.PrintWriter(out, true));
            cli.setErr(new java.io.PrintWriter(out, true));
            assertEquals(0, cli.execute(args), () -> bytes.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
