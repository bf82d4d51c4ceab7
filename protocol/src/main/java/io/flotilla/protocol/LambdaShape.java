package io.flotilla.protocol;

import java.util.Arrays;

/**
 * What a worker needs to remake a lambda or method reference, as {@link java.lang.invoke.SerializedLambda} gives it,
 * less the captured values (those travel with each task, through the codecs): the class that captured it, the
 * functional interface's method, the implementation method and the instantiated type. It crosses once per pool as a
 * define record's name ({@link DefineEnvelope#LAMBDA}): the fields in order, separated by spaces, after a readable
 * name such as {@code com.acme.Prices::reprice} or {@code com.acme.Fns.lambda$main$0}.
 *
 * @param capturingClass    internal name ({@code com/acme/Fns}) of the class that wrote the lambda.
 * @param instantiatedType  the functional interface method's signature as the lambda instantiates it.
 * @param capturedCount     how many values the lambda captured; each task carries them ahead of its argument.
 */
public record LambdaShape(
    String capturingClass, String functionalInterfaceClass, String functionalInterfaceMethodName,
    String functionalInterfaceMethodSignature, int implMethodKind, String implClass, String implMethodName,
    String implMethodSignature, String instantiatedType, int capturedCount)
{
    private static final int FIELDS = 11;

    /**
     * @throws IllegalArgumentException naming the field, when a field is empty or holds a space (a JVM language other
     *                                  than Java may put one in a method name) or the count is negative.
     */
    public LambdaShape
    {
        for (final String field : new String[] {capturingClass, functionalInterfaceClass, functionalInterfaceMethodName,
            functionalInterfaceMethodSignature, implClass, implMethodName, implMethodSignature, instantiatedType})
        {
            if (null == field || field.isEmpty() || field.indexOf(' ') >= 0)
            {
                throw new IllegalArgumentException("lambda shape field is empty or holds a space: field=" + field +
                    ", implClass=" + implClass + ", implMethodName=" + implMethodName);
            }
        }
        if (capturedCount < 0)
        {
            throw new IllegalArgumentException("captured count is negative: capturedCount=" + capturedCount);
        }
    }

    /** @return the define record's name for this shape: its readable name, then its fields. */
    public String encode()
    {
        return String.join(" ", displayName(), capturingClass, functionalInterfaceClass,
            functionalInterfaceMethodName, functionalInterfaceMethodSignature, Integer.toString(implMethodKind),
            implClass, implMethodName, implMethodSignature, instantiatedType, Integer.toString(capturedCount));
    }

    /**
     * @return the shape a define record's name holds.
     * @throws IllegalArgumentException when the name holds no shape.
     */
    public static LambdaShape decode(final String record)
    {
        final String[] fields = record.split(" ", -1);
        if (FIELDS != fields.length)
        {
            throw new IllegalArgumentException("malformed lambda shape: fields=" + fields.length + ", expected=" +
                FIELDS + ", record=" + record);
        }
        try
        {
            return new LambdaShape(fields[1], fields[2], fields[3], fields[4], Integer.parseInt(fields[5]), fields[6],
                fields[7], fields[8], fields[9], Integer.parseInt(fields[10]));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("malformed lambda shape: record=" + record + ", fields=" +
                Arrays.toString(fields), ex);
        }
    }

    /** @return the readable name a define record's name starts with, without decoding the rest. */
    public static String displayNameOf(final String record)
    {
        final int space = record.indexOf(' ');
        return space < 0 ? record : record.substring(0, space);
    }

    /**
     * @return {@code com.acme.Prices::reprice} for a method reference, {@code com.acme.Point::new} for a constructor
     * reference, {@code com.acme.Fns.lambda$main$0} for a lambda's body.
     */
    public String displayName()
    {
        final String owner = implClass.replace('/', '.');
        if (implMethodName.startsWith("lambda$"))
        {
            return owner + "." + implMethodName;
        }
        return owner + "::" + ("<init>".equals(implMethodName) ? "new" : implMethodName);
    }
}
