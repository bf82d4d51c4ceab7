package io.flotilla;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's example, run for real; the test also checks that README.md shows exactly this code.
 */
class ReadmeExampleTest
{
    // README:begin
    static int square(final int x)
    {
        return x * x;
    }

    static List<Object> example()
    {
        try (Pool pool = Pool.builder().processes(2).build())
        {
            final int square = pool.submit(ReadmeExampleTest::square, 7).join();   // 49, computed in a worker JVM
            final List<Integer> squares = pool.map(ReadmeExampleTest::square, List.of(1, 2, 3)); // 1, 4, 9
            final int offset = 100;
            final int shifted = pool.submit((Integer x) -> x + offset, 1).join(); // 101, offset crosses too
            final int cube = pool.submit(Cube.class, 3).join();                   // 27, a named task class
            return List.of(square, squares, shifted, cube);
        }
    }

    public static final class Cube implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer x)
        {
            return x * x * x;
        }
    }
    // README:end

    @Test
    @Timeout(120)
    void exampleRuns()
    {
        assertEquals(List.of(49, List.of(1, 4, 9), 101, 27), example());
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }

    @Test
    void readmeShowsThisCode() throws IOException
    {
        final Path source = Path.of("src/test/java/io/flotilla/ReadmeExampleTest.java");
        final String text = Files.readString(source);
        final String block = text.substring(text.indexOf("// README:begin") + "// README:begin".length(),
            text.indexOf("    // README:end"));
        final String expected = block.lines().filter(l -> !l.isBlank()).map(l -> l.length() >= 4 ? l.substring(4) : l)
            .collect(Collectors.joining("\n"));
        final String readme = Files.readString(Path.of("../README.md")).lines().filter(l -> !l.isBlank())
            .collect(Collectors.joining("\n"));
        assertTrue(readme.contains(expected), "README.md must show the example exactly as tested:\n" + expected);
    }
}
