using System.Runtime.InteropServices;

namespace Netperf.Tool.Cli;

/// <summary>
/// Turns SIGINT (Ctrl+C), SIGTERM and SIGHUP into cancellation of the running command, and a second Ctrl+C into
/// abandoning its cleanup. The first of them cancels <see cref="Cancellation"/> at once and fixes the exit code
/// (128 + the signal's number: 130, 143, 129); the command then cleans up what it made, bounded by
/// <see cref="BeginCleanup"/>'s timeout. A second SIGINT cancels every cleanup at once (the command then names what
/// it leaves); a SIGTERM or SIGHUP during cleanup changes nothing, so a supervisor's polite stop never cuts a cleanup
/// short. SIGQUIT (Ctrl+\) keeps its default: the process ends at once, with no cleanup.
/// </summary>
/// <remarks>
/// System.CommandLine installs no handler of its own here (<c>ProcessTerminationTimeout</c> is null: its handler
/// would return after a fixed grace time, cutting a cleanup short), and the Generic Host's console lifetime is
/// replaced by <see cref="CommandLineLifetime"/>, which takes no signal.
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _command = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    /// <summary>Creates the handler; <see cref="Register"/> starts listening.</summary>
    /// <param name="error">Where the notices go (stderr).</param>
    /// <param name="time">The clock of the cleanup timeout.</param>
    public TerminationSignals(TextWriter error, TimeProvider time)
    {
        _error = error;
        _time = time;
    }

    /// <summary>Cancelled by the first SIGINT, SIGTERM or SIGHUP.</summary>
    public CancellationToken Cancellation => _command.Token;

    /// <summary>Cancelled by a second SIGINT: stop cleaning up, say what is left, exit.</summary>
    public CancellationToken Abandon => _abandon.Token;

    /// <summary>The first signal received, such as <c>SIGINT</c>; <see langword="null"/> when none arrived.</summary>
    public string? Received => Name(Volatile.Read(ref _signal));

    /// <summary>The exit code a signal asks for (128 + its number), or <see langword="null"/> when none arrived.</summary>
    public int? ExitCode => Volatile.Read(ref _signal) is > 0 and var number ? ExitCodes.SignalBase + number : null;

    /// <summary>Listens for SIGINT, SIGTERM and SIGHUP (where the platform has them).</summary>
    public void Register()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
            }
            catch (PlatformNotSupportedException)
            {
                // Windows has no SIGHUP; Ctrl+C and Ctrl+Break still arrive as SIGINT and SIGQUIT.
            }
        }
    }

    /// <summary>Starts a cleanup: its token is cancelled by a second Ctrl+C or when <paramref name="timeout"/> has passed.</summary>
    /// <param name="timeout">How long the cleanup may run (<c>--cleanup-timeout</c>).</param>
    /// <returns>The cleanup's scope; dispose it when the cleanup ends.</returns>
    public CleanupScope BeginCleanup(TimeSpan timeout) => new(timeout, _time, _abandon.Token);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
        _command.Dispose();
        _abandon.Dispose();
    }

    /// <summary>Acts on a signal as if it had arrived (the handler's logic, without the operating system).</summary>
    /// <param name="number">The signal's number: 2 (SIGINT), 15 (SIGTERM) or 1 (SIGHUP).</param>
    internal void OnSignal(int number)
    {
        if (Interlocked.CompareExchange(ref _signal, number, 0) == 0)
        {
            Notice($"{Name(number)}: cancelling; cleanup runs to its end (Ctrl+C again abandons it).");
            _ = _command.CancelAsync();
            return;
        }

        if (number == Sigint && !_abandon.IsCancellationRequested)
        {
            Notice("SIGINT again: abandoning the cleanup.");
            _ = _abandon.CancelAsync();
            return;
        }

        Notice($"{Name(number)}: already cancelling; cleanup goes on (Ctrl+C abandons it).");
    }

    private const int Sighup = 1;
    private const int Sigint = 2;
    private const int Sigterm = 15;

    private void Handle(PosixSignalContext context)
    {
        // Cancel the default (terminate now): the command ends itself once it has cleaned up.
        context.Cancel = true;
        OnSignal(context.Signal switch
        {
            PosixSignal.SIGINT => Sigint,
            PosixSignal.SIGTERM => Sigterm,
            _ => Sighup,
        });
    }

    private void Notice(string text)
    {
        try
        {
            _error.WriteLine(text);
            _error.Flush();
        }
        catch (IOException)
        {
            // stderr is gone (a closed pipe); cancelling matters more than saying so.
        }
        catch (ObjectDisposedException)
        {
            // The same, at exit.
        }
    }

    private static string? Name(int number) => number switch
    {
        0 => null,
        Sighup => "SIGHUP",
        Sigint => "SIGINT",
        Sigterm => "SIGTERM",
        _ => "signal " + number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
