package io.flotilla.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));

    @Test
    void taskRoundTrip()
    {
        final int length = TaskEnvelope.encodeHeader(buffer, 64, 3, 42, 1L << 40, 100, 250, 777, 5);
        buffer.putBytes(64 + EnvelopeDescriptor.TASK_HEADER_LENGTH, new byte[] {1, 2, 3, 4, 5});
        final TaskEnvelope task = new TaskEnvelope().wrap(buffer, 64, length);
        assertEquals(3, task.attempt());
        assertEquals(42, task.functionId());
        assertEquals(1L << 40, task.taskId());
        assertEquals(100, task.chunkLength());
        assertEquals(5, task.payloadLength());
        assertEquals(250, task.deadlineEpochMs());
        assertEquals(777, task.submitEpochNs());
        assertEquals(5, buffer.getByte(task.payloadOffset() + 4));
        assertEquals(EnvelopeDescriptor.TASK_HEADER_LENGTH + 5, task.length());
    }

    @Test
    void resultRoundTrip()
    {
        final int length = ResultEnvelope.encodeHeader(buffer, 0, EnvelopeDescriptor.STATUS_TIMED_OUT, 2, 7, 99,
            1_000, 2_000, 1, 13, 0);
        final ResultEnvelope result = new ResultEnvelope().wrap(buffer, 0, length);
        assertEquals(EnvelopeDescriptor.STATUS_TIMED_OUT, result.status());
        assertEquals(2, result.attempt());
        assertEquals(7, result.workerId());
        assertEquals(99, result.taskId());
        assertEquals(1_000, result.startEpochNs());
        assertEquals(2_000, result.endEpochNs());
        assertEquals(13, result.inFlightIndex());
        assertEquals("TIMED_OUT", EnvelopeDescriptor.statusName(result.status()));
    }

    @Test
    void defineRoundTrip()
    {
        final String name = "com.example.Score\u00e9";
        final int length = DefineEnvelope.encode(buffer, 8, 5, name);
        assertEquals(DefineEnvelope.encodedLength(name), length);
        final DefineEnvelope define = new DefineEnvelope().wrap(buffer, 8, length);
        assertEquals(5, define.functionId());
        assertEquals(name, define.name());
        assertThrows(IllegalArgumentException.class, () -> DefineEnvelope.encode(buffer, 0, 1, ""));
    }

    @Test
    void malformedEnvelopesAreRejectedWithTheirType()
    {
        final int length = ResultEnvelope.encodeHeader(buffer, 0, EnvelopeDescriptor.STATUS_OK, 0, 1, 1, 0, 0, 1, 0, 0);
        final IpcException wrongType = assertThrows(IpcException.class, () -> new TaskEnvelope().wrap(buffer, 0, length));
        assertTrue(wrongType.getMessage().contains("type=RESULT"), wrongType.getMessage());

        TaskEnvelope.encodeHeader(buffer, 0, 0, 1, 1, 1, 0, 0, 1000);
        final IpcException truncated = assertThrows(IpcException.class,
            () -> new TaskEnvelope().wrap(buffer, 0, EnvelopeDescriptor.TASK_HEADER_LENGTH + 10));
        assertTrue(truncated.getMessage().contains("malformed task envelope"), truncated.getMessage());
    }
}
