package io.flotilla.tools;

import io.flotilla.protocol.codec.ValueCodec;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.IpcException;
import io.flotilla.protocol.PoolDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flotilla replay <pool-dir> ls|show}: what happened in a pool, read from its queue files.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Reads a pool's queue files and tells, in tasks, what happened.",
    subcommands = {ReplayCommand.Ls.class, ReplayCommand.Show.class, ReplayCommand.Stats.class,
        ReplayCommand.Run.class, ReplayCommand.Tail.class})
public final class ReplayCommand
{
    @Parameters(index = "0", description = "The pool directory (kept with --keep or keepFiles, or live).")
    Path poolDirectory;

    PrintStream out = System.out;

    /** @return the pool's history, or null after saying why there is none (no stack trace for a bad directory). */
    PoolHistory historyOrSay(final PrintStream out)
    {
        try
        {
            return PoolHistory.read(PoolDirectory.openForReading(poolDirectory));
        }
        catch (final IpcException ex)
        {
            out.println("flotilla replay: " + ex.getMessage());
            return null;
        }
    }

    /** Prints what the files could not tell; @return the exit status: 1 when anything was wrong, else 0. */
    static int reportProblems(final PoolHistory history, final PrintStream out)
    {
        history.problems.forEach(problem -> out.println("problem: " + problem));
        return history.problems.isEmpty() ? 0 : 1;
    }

    /** @return the task's entry, or null after saying it is not in the files. */
    static PoolHistory.Entry entryOrSay(final PoolHistory history, final long taskId, final PrintStream out)
    {
        final PoolHistory.Entry entry = history.entries.get(taskId);
        if (null == entry)
        {
            out.println("flotilla replay: no such task in the queue files: taskId=" + taskId);
        }
        return entry;
    }

    /** {@code replay <dir> ls}: one line per task envelope. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists tasks: id, function, shard, worker, " +
        "attempts, status, queued and run times.")
    static final class Ls implements Callable<Integer>
    {
        @ParentCommand
        ReplayCommand replay;

        @Option(names = "--status", description = "Only tasks with this status: ok, failed, timed-out, running, " +
            "pending, lost.")
        String status;

        @Option(names = "--function", description = "Only tasks of functions whose name contains this.")
        String function;

        @Option(names = "--worker", description = "Only tasks answered by this worker slot.")
        Integer worker;

        @Option(names = "--json", description = "One JSON array, for scripts.")
        boolean json;

        @Option(names = "--since", description = "Only tasks submitted at or after this instant (ISO-8601, UTC).")
        java.time.Instant since;

        @Option(names = "--until", description = "Only tasks submitted before this instant (ISO-8601, UTC).")
        java.time.Instant until;

        @Override
        public Integer call()
        {
            final PrintStream out = replay.out;
            final PoolHistory history = replay.historyOrSay(out);
            if (null == history)
            {
                return 1;
            }
            final List<PoolHistory.Entry> selected = new ArrayList<>();
            for (final PoolHistory.Entry entry : history.entries.values())
            {
                final long submitNs = entry.attempts.get(0).submitEpochNs();
                if ((null == since || submitNs >= epochNanos(since)) && (null == until || submitNs < epochNanos(until)) &&
                    (null == status || status.equals(entry.status())) &&
                    (null == function || entry.functionName.contains(function)) &&
                    (null == worker || (!entry.results.isEmpty() && entry.results.get(0).workerId() == worker)))
                {
                    selected.add(entry);
                }
            }
            if (json)
            {
                printJson(out, selected);
            }
            else
            {
                out.printf("%8s  %-32s %5s %6s %8s %5s %-9s %10s %10s%n", "task", "function", "shard", "worker",
                    "attempts", "items", "status", "queued ms", "ran ms");
                for (final PoolHistory.Entry entry : selected)
                {
                    final PoolHistory.Result result = entry.results.isEmpty() ? null : entry.results.get(0);
                    out.printf("%8d  %-32s %5d %6s %8d %5d %-9s %10s %10s%n", entry.taskId, shortName(entry.functionName),
                        entry.shard(), null == result ? "-" : Integer.toString(result.workerId()), entry.attempts.size(),
                        entry.chunkLength, entry.status(), null == result ? "-" : millis(result.startEpochNs() -
                        entry.attempts.get(0).submitEpochNs()), null == result ? "-" :
                        millis(result.endEpochNs() - result.startEpochNs()));
                }
            }
            return reportProblems(history, out);
        }
    }

    /** {@code replay <dir> show <task-id>}: arguments, every attempt, the result or exception. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one task: its arguments, every " +
        "attempt, and its result or the exception with the worker's stack.")
    static final class Show implements Callable<Integer>
    {
        @ParentCommand
        ReplayCommand replay;

        @Parameters(index = "0", description = "The task id (from ls).")
        long taskId;

        @Override
        public Integer call()
        {
            final PrintStream out = replay.out;
            final PoolHistory history = replay.historyOrSay(out);
            if (null == history)
            {
                return 1;
            }
            final PoolHistory.Entry entry = ReplayCommand.entryOrSay(history, taskId, out);
            if (null == entry)
            {
                return 1;
            }
            out.printf("task %d: %s, %d item(s), shard %d, status %s%n", entry.taskId, entry.functionName,
                entry.chunkLength, entry.shard(), entry.status());
            final List<Object> arguments = PoolHistory.decodeArguments(entry.attempts.get(0));
            for (int i = 0; i < arguments.size(); i++)
            {
                ValueFormat.print(out, "  ", "argument[" + i + "] = ", arguments.get(i));
            }
            for (final PoolHistory.Attempt attempt : entry.attempts)
            {
                out.printf("  attempt %d sent to shard %d%s%n", attempt.attempt(), attempt.shard(),
                    0 == attempt.deadlineEpochMs() ? "" : ", deadline " + java.time.Instant.ofEpochMilli(
                    attempt.deadlineEpochMs()));
            }
            for (final PoolHistory.Cancel cancel : entry.cancels)
            {
                out.printf("  cancelled: cancel record for attempt %d in shard %d%s%n", cancel.attempt(),
                    cancel.shard(), cancel.interrupt() ? ", interrupt" : "");
            }
            for (final PoolHistory.Result result : entry.results)
            {
                out.printf("  result of attempt %d from worker %d: %s, ran %s ms%n", result.attempt(),
                    result.workerId(), EnvelopeDescriptor.statusName(result.status()).toLowerCase(Locale.ROOT),
                    millis(result.endEpochNs() - result.startEpochNs()));
                final List<Object> items = PoolHistory.decodeItems(result);
                for (int i = 0; i < items.size(); i++)
                {
                    if (items.get(i) instanceof ValueCodec.ThrowableRecord error)
                    {
                        out.printf("    item[%d] threw%n", i);
                        printThrowable(out, error, "      ");
                    }
                    else
                    {
                        ValueFormat.print(out, "    ", "item[" + i + "] = ", items.get(i));
                    }
                }
            }
            if (entry.results.isEmpty())
            {
                out.println("  no result in the files");
            }
            return 0;
        }
    }

    /** {@code replay <dir> stats}: per function and per worker, counts and run-time percentiles. */
    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Per function and per worker: tasks, " +
        "failures, and run-time percentiles from the recorded timings.")
    static final class Stats implements Callable<Integer>
    {
        @ParentCommand
        ReplayCommand replay;

        @Override
        public Integer call()
        {
            final PrintStream out = replay.out;
            final PoolHistory history = replay.historyOrSay(out);
            if (null == history)
            {
                return 1;
            }
            final java.util.Map<String, org.HdrHistogram.Histogram> byFunction = new java.util.TreeMap<>();
            final java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
            for (final PoolHistory.Entry entry : history.entries.values())
            {
                final String worker = entry.results.isEmpty() ? "none" : "worker " + entry.results.get(0).workerId();
                for (final String key : List.of("function " + entry.functionName, worker))
                {
                    final long[] c = counts.computeIfAbsent(key, k -> new long[3]);
                    c[0] += entry.chunkLength;
                    if (entry.results.isEmpty())
                    {
                        c[2] += entry.chunkLength;
                    }
                    else if (!entry.status().equals("ok"))
                    {
                        c[1] += entry.chunkLength;
                    }
                    if (!entry.results.isEmpty())
                    {
                        final PoolHistory.Result result = entry.results.get(0);
                        byFunction.computeIfAbsent(key, k -> new org.HdrHistogram.Histogram(3))
                            .recordValue(Math.max(0, result.endEpochNs() - result.startEpochNs()));
                    }
                }
            }
            out.printf("%-48s %8s %8s %8s %12s %12s %12s%n", "", "items", "failed", "no result", "run p50 ms",
                "run p99 ms", "run max ms");
            for (final java.util.Map.Entry<String, long[]> row : counts.entrySet())
            {
                final org.HdrHistogram.Histogram h = byFunction.get(row.getKey());
                out.printf("%-48s %8d %8d %8d %12s %12s %12s%n", row.getKey(), row.getValue()[0], row.getValue()[1],
                    row.getValue()[2], null == h ? "-" : millis(h.getValueAtPercentile(50)),
                    null == h ? "-" : millis(h.getValueAtPercentile(99)), null == h ? "-" : millis(h.getMaxValue()));
            }
            return reportProblems(history, out);
        }
    }

    /** {@code replay <dir> run <task-id>}: runs the recorded task again in this JVM, for a debugger or profiler. */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Runs a recorded task again in this JVM " +
        "from its recorded arguments and prints the new result beside the recorded one.")
    static final class Run implements Callable<Integer>
    {
        @ParentCommand
        ReplayCommand replay;

        @Parameters(index = "0", description = "The task id (from ls).")
        long taskId;

        @Option(names = "--worker", description = "Run it in a fresh worker JVM instead of this one.")
        boolean inWorker;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() throws Exception
        {
            final PrintStream out = replay.out;
            final PoolHistory history = replay.historyOrSay(out);
            if (null == history)
            {
                return 1;
            }
            final PoolHistory.Entry entry = ReplayCommand.entryOrSay(history, taskId, out);
            if (null == entry)
            {
                return 1;
            }
            if (entry.functionName.contains("::") || entry.functionName.contains(".lambda$"))
            {
                out.println("flotilla replay: cannot run a lambda's or method reference's task again, only a named " +
                    "task class's: function=" + entry.functionName + ", taskId=" + entry.taskId);
                return 1;
            }
            final Object function;
            try
            {
                function = Class.forName(entry.functionName).getDeclaredConstructor().newInstance();
            }
            catch (final ReflectiveOperationException | LinkageError ex)
            {
                out.println("flotilla replay: cannot create the function here (is it on this class path?): function=" +
                    entry.functionName + ", problem=" + ex);
                return 1;
            }
            if (entry.attempts.get(0).inBlob())
            {
                out.println("flotilla replay: cannot run the task again, its arguments crossed in " +
                    io.flotilla.protocol.PoolDirectory.BLOBS_FILE + " and are not kept: taskId=" + entry.taskId);
                return 1;
            }
            final List<Object> arguments = PoolHistory.decodeArguments(entry.attempts.get(0));
            final List<Object> recorded = entry.results.isEmpty() ? List.of() :
                PoolHistory.decodeItems(entry.results.get(0));
            int differences = 0;
            try (io.flotilla.Pool pool = inWorker ? io.flotilla.Pool.builder().processes(1).build() : null)
            {
                for (int i = 0; i < arguments.size(); i++)
                {
                    final String now = runOnce(function, pool, arguments.get(i));
                    final String then = i >= recorded.size() ? "(no result recorded)" :
                        recorded.get(i) instanceof ValueCodec.ThrowableRecord error ? "threw " + error.className() +
                        (null == error.message() ? "" : ": " + error.message()) : format(recorded.get(i));
                    final boolean same = now.equals(then);
                    differences += same ? 0 : 1;
                    out.printf("item[%d] %s: now %s, recorded %s%s%n", i, format(arguments.get(i)), now, then,
                        same ? "" : "  <-- differs");
                }
            }
            return 0 == differences ? 0 : 3;
        }
    }

    /** {@code replay <dir> tail}: follows a live pool's queues, one line per task sent and per result. */
    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Follows a live pool: one line per task " +
        "sent and per result written, until the pool is gone.")
    static final class Tail implements Callable<Integer>
    {
        @ParentCommand
        ReplayCommand replay;

        @Option(names = "--from-start", description = "Begin with what the files already hold.")
        boolean fromStart;

        @Option(names = "--max-lines", description = "Stop after this many lines (default: no limit).")
        long maxLines = Long.MAX_VALUE;

        @Override
        public Integer call() throws InterruptedException
        {
            final PrintStream out = replay.out;
            final PoolDirectory directory;
            try
            {
                directory = PoolDirectory.openForReading(replay.poolDirectory);
            }
            catch (final IpcException ex)
            {
                out.println("flotilla replay: " + ex.getMessage());
                return 1;
            }
            try (QueueFollower follower = new QueueFollower(directory, fromStart))
            {
                long lines = 0;
                while (lines < maxLines)
                {
                    final String line = follower.poll();
                    if (null != line)
                    {
                        out.println(line);
                        lines++;
                    }
                    else if (follower.poolGone())
                    {
                        out.println("pool is gone");
                        break;
                    }
                    else
                    {
                        Thread.sleep(10);
                    }
                }
            }
            return 0;
        }
    }

    /** Runs the function once, here or in the given pool's worker, and describes what came of it. */
    @SuppressWarnings("unchecked")
    private static String runOnce(final Object function, final io.flotilla.Pool pool, final Object argument)
    {
        try
        {
            final Object value;
            if (null != pool)
            {
                value = function instanceof io.flotilla.Task<?, ?> ?
                    pool.submit((Class<io.flotilla.Task<Object, Object>>)function.getClass(), argument).get() :
                    pool.submitAsync((Class<io.flotilla.AsyncTask<Object, Object>>)function.getClass(), argument).get();
            }
            else
            {
                value = function instanceof io.flotilla.Task<?, ?> task ?
                    ((io.flotilla.Task<Object, Object>)task).apply(argument) :
                    ((io.flotilla.AsyncTask<Object, Object>)function).apply(argument).toCompletableFuture().get();
            }
            return format(value);
        }
        catch (final Throwable ex)
        {
            final Throwable cause = ex instanceof java.util.concurrent.ExecutionException && null != ex.getCause() ?
                ex.getCause() : ex;
            if (cause instanceof io.flotilla.RemoteTaskException remote)
            {
                return "threw " + remote.remoteClassName() + (null == remote.remoteMessage() ? "" : ": " +
                    remote.remoteMessage());
            }
            return "threw " + cause.getClass().getName() + (null == cause.getMessage() ? "" : ": " + cause.getMessage());
        }
    }

    static void printThrowable(final PrintStream out, final ValueCodec.ThrowableRecord error, final String indent)
    {
        ValueCodec.ThrowableRecord current = error;
        boolean first = true;
        while (null != current)
        {
            out.println(indent + (first ? "" : "Caused by: ") + current.className() +
                (null == current.message() ? "" : ": " + current.message()));
            for (final StackTraceElement frame : current.stack())
            {
                out.println(indent + "    at " + frame);
            }
            current = current.cause();
            first = false;
        }
    }

    static String format(final Object value)
    {
        return ValueFormat.format(value);
    }

    private static String shortName(final String name)
    {
        // a lambda's name keeps its class: Prices::reprice, Fns.lambda$main$0
        final int reference = name.indexOf("::");
        final int lambda = name.indexOf(".lambda$");
        final int end = reference >= 0 ? reference : lambda >= 0 ? lambda : name.length();
        final String simple = name.substring(name.lastIndexOf('.', end - 1) + 1);
        return simple.length() > 32 ? simple.substring(0, 31) + "~" : simple;
    }

    /** @return the instant in epoch nanoseconds, saturated to the long range (year 1677 to 2262). */
    private static long epochNanos(final java.time.Instant instant)
    {
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final ArithmeticException ex)
        {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static String millis(final long nanos)
    {
        return String.format("%.3f", nanos / 1e6);
    }

    private static void printJson(final PrintStream out, final List<PoolHistory.Entry> entries)
    {
        final StringBuilder json = new StringBuilder("[");
        for (final PoolHistory.Entry entry : entries)
        {
            final PoolHistory.Result result = entry.results.isEmpty() ? null : entry.results.get(0);
            json.append(json.length() > 1 ? ",\n " : "\n ").append("{\"taskId\":").append(entry.taskId)
                .append(",\"function\":\"").append(escape(entry.functionName)).append('"')
                .append(",\"shard\":").append(entry.shard())
                .append(",\"worker\":").append(null == result ? "null" : result.workerId())
                .append(",\"attempts\":").append(entry.attempts.size())
                .append(",\"redispatched\":").append(entry.attempts.size() > 1)
                .append(",\"items\":").append(entry.chunkLength)
                .append(",\"status\":\"").append(entry.status()).append('"')
                .append(",\"submitEpochNs\":").append(entry.attempts.get(0).submitEpochNs())
                .append(",\"startEpochNs\":").append(null == result ? "null" : result.startEpochNs())
                .append(",\"endEpochNs\":").append(null == result ? "null" : result.endEpochNs())
                .append('}');
        }
        out.println(json.append(entries.isEmpty() ? "]" : "\n]"));
    }

    private static String escape(final String s)
    {
        final StringBuilder escaped = new StringBuilder();
        for (final char c : s.toCharArray())
        {
            if (c == '"' || c == '\\')
            {
                escaped.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                escaped.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
