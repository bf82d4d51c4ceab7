package io.flotilla.protocol;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lambda's shape crosses as a define record's name, flagged, and reads back whole; tools show its readable name. */
class LambdaShapeTest
{
    private static LambdaShape shape(final String implClass, final String implMethod, final int captured)
    {
        return new LambdaShape("com/acme/Fns", "io/flotilla/TaskFunction", "apply",
            "(Ljava/lang/Object;)Ljava/lang/Object;", 6, implClass, implMethod, "(I)I",
            "(Ljava/lang/Integer;)Ljava/lang/Integer;", captured);
    }

    @Test
    void roundTripsThroughADefineRecord()
    {
        final LambdaShape shape = shape("com/acme/Prices", "reprice", 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = DefineEnvelope.encode(buffer, 0, 7, shape.encode(), DefineEnvelope.LAMBDA);
        final DefineEnvelope define = new DefineEnvelope().wrap(buffer, 0, length);
        assertTrue(define.isLambda());
        assertEquals(7, define.functionId());
        assertEquals(shape, LambdaShape.decode(define.name()));
        assertEquals("com.acme.Prices::reprice", define.displayName());
        final int plain = DefineEnvelope.encode(buffer, 0, 8, "com.acme.Square");
        final DefineEnvelope named = new DefineEnvelope().wrap(buffer, 0, plain);
        assertFalse(named.isLambda());
        assertEquals("com.acme.Square", named.displayName());
    }

    @Test
    void readableNames()
    {
        assertEquals("com.acme.Fns.lambda$main$0", shape("com/acme/Fns", "lambda$main$0", 0).displayName());
        assertEquals("com.acme.Point::new", shape("com/acme/Point", "<init>", 0).displayName());
        assertEquals("java.lang.String::length", shape("java/lang/String", "length", 0).displayName());
    }

    @Test
    void refusesWhatItCannotCarry()
    {
        final IllegalArgumentException space = assertThrows(IllegalArgumentException.class,
            () -> shape("com/acme/Fns", "my method", 0));
        assertTrue(space.getMessage().contains("field=my method"), space.getMessage());
        final IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
            () -> LambdaShape.decode("com.acme.Fns::x com/acme/Fns"));
        assertTrue(malformed.getMessage().contains("fields=2"), malformed.getMessage());
    }
}
