namespace Netperf.Results;

/// <summary>Whose fault a <see cref="ResultsException"/> is, which decides the command's exit code.</summary>
public enum ResultsErrorKind
{
    /// <summary>The input is wrong: a file that is not a Netperf result, a truncated file, a bad CSV row, a store of a newer schema, bad options (exit 2).</summary>
    BadInput,

    /// <summary>The environment failed: the store cannot be reached or written (exit 1).</summary>
    Environment,
}
