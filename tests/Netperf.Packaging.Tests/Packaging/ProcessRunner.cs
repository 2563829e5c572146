using System.Diagnostics;
using Netperf.Testing.Processes;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>Runs the dotnet CLI (or a script) for the packaging tests and keeps its output for the failure message.</summary>
internal static class ProcessRunner
{
    public static Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory, TimeSpan timeout) =>
        TestProcess.RunAsync(new ProcessStartInfo(fileName, arguments) { WorkingDirectory = workingDirectory }, timeout);
}
