package io.flotilla.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fetch example end to end: real worker JVMs fetch from a real local HTTP server, every answer accounted for. */
@Timeout(120)
class FetchExampleTest
{
    @Test
    void everyUrlIsFetchedOnceAndItsBodyCounted() throws Exception
    {
        final FetchExample example = new FetchExample();
        example.urls = 300;
        example.delayMs = 10;
        example.body = 1_000;
        example.processes = 2;
        example.childConcurrency = 16;
        final FetchExample.Outcome outcome = example.run();
        assertEquals(300, outcome.fetched());
        assertEquals(300, outcome.served(), "the server answered each request once");
        assertEquals(300L * 1_000, outcome.bytes(), "every body arrived whole");
    }
}
