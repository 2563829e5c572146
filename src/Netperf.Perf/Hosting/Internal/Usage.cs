namespace Netperf.Perf.Hosting.Internal;

/// <summary>The text printed without arguments: how to run, the tests with their descriptions, the modes.</summary>
internal static class Usage
{
    public static void Write(PerfProgramContext context, IReadOnlyList<IPerfProgramMode> modes, bool verbose = false)
    {
        var output = context.Output;
        output.WriteLine("Usage: <program> TEST [options]    run a perf test (TEST --help lists its options)");
        output.WriteLine("       <program> MODE [arguments]  run a mode");
        output.WriteLine();
        output.WriteLine("Tests:");
        var tests = context.Catalog.Tests;
        var width = tests.Count == 0 ? 0 : tests.Max(t => t.Name.Length);
        foreach (var test in tests)
        {
            output.WriteLine($"  {test.Name.PadRight(width)}  {test.Description}");
        }

        if (verbose)
        {
            // Everything that looked like a test and was not taken, with why: the answer to "where is my test?".
            output.WriteLine();
            output.WriteLine(context.Catalog.Skipped.Count == 0 ? "Not taken: none." : "Not taken:");
            foreach (var skipped in context.Catalog.Skipped)
            {
                output.WriteLine($"  {skipped}");
            }
        }
        else
        {
            foreach (var problem in context.Catalog.Problems)
            {
                context.Error.WriteLine($"warning: {problem}");
            }

            if (context.Catalog.Skipped.Count > context.Catalog.Problems.Count)
            {
                context.Error.WriteLine($"note: {context.Catalog.Skipped.Count - context.Catalog.Problems.Count} more type(s) looked like tests and were not taken; --list --verbose says why.");
            }
        }

        var visible = modes.Where(m => !m.Hidden).ToList();
        if (visible.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Modes:");
            var modeWidth = visible.Max(m => m.Name.Length);
            foreach (var mode in visible)
            {
                output.WriteLine($"  {mode.Name.PadRight(modeWidth)}  {mode.Description}");
            }
        }

        output.Flush();
    }
}
