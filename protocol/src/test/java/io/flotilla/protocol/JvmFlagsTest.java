package io.flotilla.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest
{
    @Test
    void parsesArgfileSyntax()
    {
        final String text = "# comment\n--add-opens=a=b   # trailing\n\n-Dx=y -Dz=w\n--sun-misc-unsafe-memory-access=allow\n";
        assertEquals(List.of("--add-opens=a=b", "-Dx=y", "-Dz=w", "--sun-misc-unsafe-memory-access=allow"),
            JvmFlags.parse(text, 25));
        assertEquals(List.of("--add-opens=a=b", "-Dx=y", "-Dz=w"), JvmFlags.parse(text, 21),
            "a flag the JDK does not know yet is left out");
    }

    @Test
    void shippedFlagsTurnAnalyticsOffAndOpenWhatChronicleNeeds()
    {
        final List<String> flags = JvmFlags.all();
        assertTrue(flags.contains("-Dchronicle.analytics.disable=true"), flags.toString());
        assertTrue(flags.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), flags.toString());
        assertEquals("true", System.getProperty("chronicle.analytics.disable"),
            "the build's test JVM reads the same file");
    }
}
