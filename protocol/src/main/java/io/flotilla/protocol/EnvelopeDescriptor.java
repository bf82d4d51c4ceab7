package io.flotilla.protocol;

/**
 * Wire layout of the envelopes that cross between processes, one envelope per Chronicle excerpt. The same bytes
 * sit in the Agrona ring that feeds a queue, so the writer copies a ring message into an excerpt without decoding it.
 * All fields little-endian, at fixed offsets, 8-byte aligned where it matters.
 * <pre>
 * TASK (parent to worker, work-&lt;s&gt; queue), header {@value #TASK_HEADER_LENGTH} bytes
 *   0                   1                   2                   3
 *   +-------+-------+---------------+-------------------------------+
 *   | type  | flags |    attempt    |          function id          |  0
 *   +-------+-------+---------------+-------------------------------+
 *   |                            task id                            |  8
 *   +---------------------------------------------------------------+
 *   |         chunk length          |        payload length         | 16
 *   +-------------------------------+-------------------------------+
 *   |             deadline, epoch ms (0: none)                      | 24
 *   +---------------------------------------------------------------+
 *   |             submitted, epoch ns (first attempt)               | 32
 *   +---------------------------------------------------------------+
 *   |                      payload ...                              | 40
 *
 * RESULT (worker to parent, results queue), header {@value #RESULT_HEADER_LENGTH} bytes
 *   | type  | status|    attempt    |           worker id           |  0
 *   |                            task id                            |  8
 *   |                  start, epoch nanoseconds                     | 16
 *   |                   end, epoch nanoseconds                      | 24
 *   |        payload length         |         chunk length          | 32
 *   |       in-flight index         | flags |       reserved        | 40
 *   |                      payload ...                              | 48
 *
 * DEFINE (parent to worker, names a function id once), header {@value #DEFINE_HEADER_LENGTH} bytes
 *   | type  | flags |   reserved    |          function id          |  0
 *   |       name length (bytes)     |   name, UTF-8 ...                 8
 *
 * CANCEL (parent to worker, the task's work-&lt;s&gt; queue), header {@value #CANCEL_HEADER_LENGTH} bytes
 *   | type  | flags |    attempt    |           reserved            |  0
 *   |                            task id                            |  8
 * </pre>
 * A cancel record follows its task in the task's shard queue (one ring feeds each queue, in order), so every worker
 * of the shard meets it after the task's claim: the worker holding the task stops it and answers with
 * {@link #STATUS_CANCELLED}, the others pass it ({@link CancelEnvelope}, {@link ShardClaimer}).
 * Flags: {@link HopStamps#TRACED}, the envelope carries a trace trailer after its payload (see {@link HopStamps});
 * {@link BlobRef#BLOB}, the payload is a reference to a slot of {@code blobs.dat} that holds the encoded values
 * ({@link BlobRegion}); {@link BlobRef#STALE} (results), the worker found that slot taken back;
 * {@link CancelEnvelope#INTERRUPT} (cancels), interrupt the task if it runs; {@link DefineEnvelope#LAMBDA} (defines),
 * the name is a lambda's shape.
 * A task's deadline is absolute (the parent's submit time plus its timeout, one clock for the machine): the worker
 * interrupts the task when it passes, and a re-dispatched task keeps it.
 * Task ids are positive; 0 means "no task" in the in-flight table. A chunk carries {@code chunk length} items whose
 * ids run from {@code task id} to {@code task id + chunk length - 1}. The payload encoding belongs to the codecs.
 */
public final class EnvelopeDescriptor
{
    /** Wire version; part of the pool layout version in {@link PoolDirectory#LAYOUT_VERSION}. */
    public static final int VERSION = 3;

    /** A task or a chunk of tasks. */
    public static final byte TYPE_TASK = 1;
    /** A result or a chunk of results. */
    public static final byte TYPE_RESULT = 2;
    /** Binds a function id to a function name. */
    public static final byte TYPE_DEFINE = 3;
    /** Asks the worker holding a task to stop it. */
    public static final byte TYPE_CANCEL = 4;

    public static final int TYPE_OFFSET = 0;

    public static final int TASK_FLAGS_OFFSET = 1;
    public static final int TASK_ATTEMPT_OFFSET = 2;
    public static final int TASK_FUNCTION_ID_OFFSET = 4;
    public static final int TASK_ID_OFFSET = 8;
    public static final int TASK_CHUNK_LENGTH_OFFSET = 16;
    public static final int TASK_PAYLOAD_LENGTH_OFFSET = 20;
    public static final int TASK_DEADLINE_MS_OFFSET = 24;
    public static final int TASK_SUBMIT_NS_OFFSET = 32;
    public static final int TASK_HEADER_LENGTH = 40;

    public static final int RESULT_STATUS_OFFSET = 1;
    public static final int RESULT_ATTEMPT_OFFSET = 2;
    public static final int RESULT_WORKER_ID_OFFSET = 4;
    public static final int RESULT_TASK_ID_OFFSET = 8;
    public static final int RESULT_START_NS_OFFSET = 16;
    public static final int RESULT_END_NS_OFFSET = 24;
    public static final int RESULT_PAYLOAD_LENGTH_OFFSET = 32;
    public static final int RESULT_CHUNK_LENGTH_OFFSET = 36;
    public static final int RESULT_IN_FLIGHT_INDEX_OFFSET = 40;
    public static final int RESULT_FLAGS_OFFSET = 44;
    public static final int RESULT_HEADER_LENGTH = 48;

    public static final int DEFINE_FLAGS_OFFSET = 1;
    public static final int DEFINE_FUNCTION_ID_OFFSET = 4;
    public static final int DEFINE_NAME_LENGTH_OFFSET = 8;
    public static final int DEFINE_HEADER_LENGTH = 12;

    public static final int CANCEL_FLAGS_OFFSET = 1;
    public static final int CANCEL_ATTEMPT_OFFSET = 2;
    public static final int CANCEL_TASK_ID_OFFSET = 8;
    public static final int CANCEL_HEADER_LENGTH = 16;

    /** Result status: the value is in the payload. */
    public static final byte STATUS_OK = 0;
    /** Result status: the task threw; the payload is the exception record. */
    public static final byte STATUS_REMOTE_EXCEPTION = 1;
    /**
     * Result status: the task was cancelled before it ended (or before it started); the payload is empty, whatever
     * the chunk length.
     */
    public static final byte STATUS_CANCELLED = 2;
    /** Result status: the task passed its deadline. */
    public static final byte STATUS_TIMED_OUT = 3;

    private EnvelopeDescriptor()
    {
    }

    /**
     * @param type an envelope type byte.
     * @return its name for messages and tools.
     */
    public static String typeName(final int type)
    {
        return switch (type)
        {
            case TYPE_TASK -> "TASK";
            case TYPE_RESULT -> "RESULT";
            case TYPE_DEFINE -> "DEFINE";
            case TYPE_CANCEL -> "CANCEL";
            default -> "UNKNOWN(" + type + ")";
        };
    }

    /**
     * @param status a result status byte.
     * @return its name for messages and tools.
     */
    public static String statusName(final int status)
    {
        return switch (status)
        {
            case STATUS_OK -> "OK";
            case STATUS_REMOTE_EXCEPTION -> "REMOTE_EXCEPTION";
            case STATUS_CANCELLED -> "CANCELLED";
            case STATUS_TIMED_OUT -> "TIMED_OUT";
            default -> "UNKNOWN(" + status + ")";
        };
    }
}
