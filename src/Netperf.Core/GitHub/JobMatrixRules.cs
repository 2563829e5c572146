using System.Text.RegularExpressions;
using Netperf.Core.Pairs;

namespace Netperf.Core.GitHub;

/// <summary>
/// Which combinations can exist. An I/O model or TLS library belongs to the OS families that have
/// it (IOCP, RIO and WSK are Windows; epoll and io_uring are Linux; XDP is both), and every value
/// must be usable as a runner label. Extend the sets with <c>with</c> expressions for new values.
/// </summary>
public sealed partial record JobMatrixRules
{
    /// <summary>The rules Netperf ships with.</summary>
    public static JobMatrixRules Default { get; } = new();

    /// <summary>I/O models available on Windows.</summary>
    public IReadOnlySet<string> WindowsIo { get; init; } = Set("iocp", "rio", "xdp", "wsk");

    /// <summary>I/O models available on Linux.</summary>
    public IReadOnlySet<string> LinuxIo { get; init; } = Set("epoll", "iouring", "xdp");

    /// <summary>TLS libraries available on Windows.</summary>
    public IReadOnlySet<string> WindowsTls { get; init; } = Set("schannel", "openssl", "quictls");

    /// <summary>TLS libraries available on Linux.</summary>
    public IReadOnlySet<string> LinuxTls { get; init; } = Set("openssl", "quictls");

    /// <summary>Known CPU architectures.</summary>
    public IReadOnlySet<string> Architectures { get; init; } = Set("x64", "x86", "arm64", "arm");

    /// <summary>Checks one job against the rules.</summary>
    /// <param name="job">The job.</param>
    /// <returns>Every violation; empty when the job can exist.</returns>
    public IReadOnlyList<MatrixRuleViolation> Validate(MatrixEntry job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var violations = new List<MatrixRuleViolation>();
        foreach (var (dimension, value) in new[] { ("os", job.Os), ("env", job.Environment), ("arch", job.Architecture), ("io", job.Io), ("tls", job.Tls) })
        {
            if (string.IsNullOrWhiteSpace(value) || !LabelValue().IsMatch(value))
            {
                violations.Add(new(job, $"{dimension} '{value}' is not a valid label value; use lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."));
            }
        }

        if (violations.Count > 0)
        {
            return violations;
        }

        var family = job.OsFamily;
        var (io, otherIo) = family == OsFamily.Windows ? (WindowsIo, LinuxIo) : (LinuxIo, WindowsIo);
        var (tls, otherTls) = family == OsFamily.Windows ? (WindowsTls, LinuxTls) : (LinuxTls, WindowsTls);
        var other = family == OsFamily.Windows ? OsFamily.Linux : OsFamily.Windows;

        if (!Architectures.Contains(job.Architecture))
        {
            violations.Add(new(job, $"arch '{job.Architecture}' is unknown; use one of: {Join(Architectures)}."));
        }

        if (!io.Contains(job.Io))
        {
            var why = otherIo.Contains(job.Io) ? $"is {other}-only and cannot run on {job.Os} ({family})" : "is unknown";
            violations.Add(new(job, $"io '{job.Io}' {why}; on {family} use one of: {Join(io)}."));
        }

        if (!tls.Contains(job.Tls))
        {
            var why = otherTls.Contains(job.Tls) ? $"is {other}-only and cannot run on {job.Os} ({family})" : "is unknown";
            violations.Add(new(job, $"tls '{job.Tls}' {why}; on {family} use one of: {Join(tls)}."));
        }

        return violations;
    }

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.OrdinalIgnoreCase);

    private static string Join(IReadOnlySet<string> values) => string.Join(", ", values.Order(StringComparer.Ordinal));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex LabelValue();
}
