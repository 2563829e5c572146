using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netperf.Harness.Network;

/// <summary>
/// The <c>netperf-server</c> mode of a test executable: <c>dotnet tests.dll netperf-server --mode tcp-sink --port 5201</c>.
/// Prints one ready line with its port, serves until its standard input ends, it gets SIGTERM/SIGINT,
/// or <c>--max-lifetime</c> passes, then prints what it counted as a JSON report line and exits 0.
/// Bad arguments exit 2; a port that cannot be bound exits 1. See <see cref="PeerServerProtocol"/>.
/// </summary>
public static class PeerServerCommand
{
    /// <summary>The help text.</summary>
    public const string Usage =
        "netperf-server --mode tcp-sink|tcp-source|tcp-rr|tcp-accept|udp-sink|http [--port N (0)] [--bind ADDRESS (0.0.0.0)]\n" +
        "               [--buffer-size BYTES (131072)] [--request-size BYTES (512)] [--response-size BYTES (4000)]\n" +
        "               [--max-lifetime SECONDS (600)] [--no-stdin]";

    /// <summary>Runs the server until it is told to stop.</summary>
    /// <param name="args">The arguments after <c>netperf-server</c>.</param>
    /// <param name="output">Where the ready and report lines go (standard output).</param>
    /// <param name="error">Where errors go (standard error).</param>
    /// <param name="input">Standard input to watch for its end; <see langword="null"/> (or <c>--no-stdin</c>) not to watch.</param>
    /// <param name="timeProvider">The clock for <c>--max-lifetime</c>; defaults to the system clock.</param>
    /// <param name="cancellationToken">Stops the server like a signal.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        TextReader? input,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        timeProvider ??= TimeProvider.System;
        PeerServerOptions options;
        bool watchStdin;
        try
        {
            (options, watchStdin) = Parse(args);
            options.Validate();
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(PeerServerProtocol.ErrorPrefix + e.Message).ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var server = new PeerServer(options, timeProvider);
        await using var serverScope = server.ConfigureAwait(false);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"{PeerServerProtocol.ErrorPrefix}cannot listen on {options.BindAddress}:{options.Port} ({e.SocketErrorCode}): choose another --port.").ConfigureAwait(false);
            return 1;
        }

        var stop = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var signals = RegisterSignals(stop);
        using var lifetime = new CancellationTokenSource(options.MaxLifetime, timeProvider);
        using var onLifetime = lifetime.Token.Register(() => stop.TrySetResult("max-lifetime"));
        using var onCancel = cancellationToken.Register(() => stop.TrySetResult("signal"));
        if (watchStdin && input is not null)
        {
            _ = WatchInputAsync(input, stop);
        }

        await output.WriteLineAsync(PeerServerProtocol.FormatReady(new PeerServerReady
        {
            Mode = PeerServerModes.ToName(options.Mode),
            Port = server.Port,
            ProcessId = Environment.ProcessId,
        })).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);

        var reason = await stop.Task.ConfigureAwait(false);
        var report = await server.StopAsync(reason).ConfigureAwait(false);
        await output.WriteLineAsync(PeerServerProtocol.FormatReport(report)).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static async Task WatchInputAsync(TextReader input, TaskCompletionSource<string> stop)
    {
        var buffer = new char[256];
        try
        {
            // Runs on its own thread: console reads block.
            while (await Task.Run(() => input.Read(buffer, 0, buffer.Length)).ConfigureAwait(false) > 0)
            {
                // Input is ignored; only its end matters.
            }
        }
        catch (IOException)
        {
            // A broken pipe is an end too.
        }

        stop.TrySetResult("stdin-eof");
    }

    private static MultiDisposable RegisterSignals(TaskCompletionSource<string> stop)
    {
        if (OperatingSystem.IsBrowser() || OperatingSystem.IsWasi())
        {
            return new MultiDisposable([]);
        }

        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult("signal");
        }

        return new MultiDisposable(
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler),
        ]);
    }

    private static (PeerServerOptions Options, bool WatchStdin) Parse(IReadOnlyList<string> args)
    {
        var options = new PeerServerOptions();
        var watchStdin = true;
        var sawMode = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-stdin")
            {
                watchStdin = false;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--mode":
                    if (!PeerServerModes.TryParse(value, out var mode))
                    {
                        throw new ArgumentException($"--mode '{value}' is unknown; use one of {string.Join(", ", PeerServerModes.All)}.");
                    }

                    options.Mode = mode;
                    sawMode = true;
                    break;
                case "--port": options.Port = ParseInt(name, value); break;
                case "--bind":
                    options.BindAddress = IPAddress.TryParse(value, out var address)
                        ? address
                        : throw new ArgumentException($"--bind '{value}' is not an IP address; use 0.0.0.0, 127.0.0.1 or the peer's address.");
                    break;
                case "--buffer-size": options.BufferSize = ParseInt(name, value); break;
                case "--request-size": options.RequestSize = ParseInt(name, value); break;
                case "--response-size": options.ResponseSize = ParseInt(name, value); break;
                case "--max-lifetime": options.MaxLifetime = TimeSpan.FromSeconds(ParseInt(name, value)); break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        return sawMode ? (options, watchStdin) : throw new ArgumentException("--mode is required.");
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"{name} '{value}' is not a whole number.");

    private sealed class MultiDisposable(IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
