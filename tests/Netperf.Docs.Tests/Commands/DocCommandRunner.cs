using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Docs.Tests.Commands;

/// <summary>
/// Runs a documented command with bash in a private working directory that looks like the checkout
/// (its top-level entries are symbolic links to the repository's), so repository-relative paths in the
/// command work and whatever it writes stays in the temp folder. <c>dotnet run --project P -- ARGS</c>
/// runs P's existing build (<c>dotnet P.dll ARGS</c>): the same program and arguments, without building
/// again while the tests run.
/// </summary>
public sealed partial class DocCommandRunner : IDisposable
{
    private readonly string _root;

    /// <summary>Creates the working directory.</summary>
    /// <param name="root">The repository root.</param>
    public DocCommandRunner(string root)
    {
        _root = root;
        WorkingDirectory = Path.Combine(Path.GetTempPath(), "netperf-docs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkingDirectory);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            if (entry.Name is ".git" or "artifacts" or "netperf-results" or "TestResults")
            {
                continue;
            }

            var link = Path.Combine(WorkingDirectory, entry.Name);
            if (entry is DirectoryInfo)
            {
                Directory.CreateSymbolicLink(link, entry.FullName);
            }
            else
            {
                File.CreateSymbolicLink(link, entry.FullName);
            }
        }

        // Pairs made by a command (the local provider's state) stay in a private folder of this run's own, not under
        // /tmp (sshd refuses keys there), with a short path: ssh's control sockets live under it (at most 107 bytes).
        StateDirectory = PrivateTestFolder.Create("npd-");
        Environment["NETPERF_STATE_DIR"] = StateDirectory;
    }

    /// <summary>The local pair provider's state folder for the commands (<c>NETPERF_STATE_DIR</c>).</summary>
    public string StateDirectory { get; }

    /// <summary>The folder the commands run in.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Variables set for every command (besides the test process's own).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>The configuration the tests (and so the samples they reference) were built in.</summary>
    public static string Configuration { get; } =
        typeof(DocCommandRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>Runs one command line; returns its exit code and its standard output and error interleaved.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string command, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = WorkingDirectory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Translate(command));
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        return await TestProcess.RunAsync(info, timeout);
    }

    /// <summary>
    /// The command as bash runs it: <c>dotnet run [-c C] --project P [-- ARGS]</c> becomes
    /// <c>dotnet 'P/bin/CONFIG/net10.0/NAME.dll' ARGS</c>; <c>netperf ARGS</c> (the installed tool, as the pages show
    /// it) runs the tool's build the same way (the packaging test installs the packed tool and runs it); any other
    /// command is unchanged.
    /// </summary>
    public string Translate(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tool = InstalledTool().Match(command);
        if (tool.Success)
        {
            return $"dotnet '{BuiltDll(ToolProject)}'{tool.Groups["rest"].Value}";
        }

        var match = DotnetRun().Match(command);
        if (!match.Success)
        {
            return command;
        }

        var options = match.Groups["options"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? project = null;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--project" when i + 1 < options.Length: project = options[++i]; break;
                case "-c" or "--configuration" when i + 1 < options.Length: i++; break;
                default:
                    throw new InvalidOperationException($"'{command}': the docs runner does not know the dotnet run option '{options[i]}'.");
            }
        }

        if (project is null)
        {
            throw new InvalidOperationException($"'{command}': dotnet run without --project runs in a project folder of the reader's own; map it to a test instead.");
        }

        var dll = BuiltDll(project);
        var arguments = match.Groups["arguments"].Success ? " " + match.Groups["arguments"].Value : string.Empty;
        return $"dotnet '{dll}'{arguments}";
    }

    /// <summary>Removes the working directory (the links, never what they point at).</summary>
    public void Dispose()
    {
        foreach (var entry in new DirectoryInfo(WorkingDirectory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                entry.Delete();
            }
        }

        Directory.Delete(WorkingDirectory, recursive: true);
        PrivateTestFolder.Delete(StateDirectory);
    }

    private string BuiltDll(string project)
    {
        var path = Path.Combine(_root, project);
        var csproj = project.EndsWith(".csproj", StringComparison.Ordinal)
            ? path
            : Directory.GetFiles(path, "*.csproj").Single();
        var name = XDocument.Load(csproj).Descendants("AssemblyName").FirstOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(csproj);
        var dll = Path.Combine(Path.GetDirectoryName(csproj)!, "bin", Configuration, "net10.0", name + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is not built; the docs test project references {project} so that it is.");
        }

        return dll;
    }

    /// <summary>The project of the <c>netperf</c> tool.</summary>
    public const string ToolProject = "src/Netperf.Tool";

    [GeneratedRegex(@"^netperf(?<rest>(?: .*)?)$")]
    private static partial Regex InstalledTool();

    [GeneratedRegex(@"^dotnet run(?<options>(?: (?!--(?: |$))\S+)*)(?: --(?: (?<arguments>.*))?)?$")]
    private static partial Regex DotnetRun();
}
