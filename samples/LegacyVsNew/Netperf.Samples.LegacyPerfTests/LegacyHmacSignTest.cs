using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Netperf.Perf;

namespace Netperf.Samples.LegacyPerfTests;

/// <summary>
/// HMAC-SHA256 of <c>--size</c> bytes the old way, an <see cref="HMACSHA256"/> instance per test instance (before the
/// one-shot <c>HMACSHA256.HashData</c>): the legacy counterpart of <c>HmacSignTest</c>, with the same secret <c>--key</c>.
/// </summary>
[Description("HMAC-SHA256-signs --size bytes per operation with an HMACSHA256 instance (legacy counterpart of HmacSignTest; secret --key).")]
public sealed class LegacyHmacSignTest(SigningOptions options) : PerfStressTest<SigningOptions>(options)
{
    private readonly HMACSHA256 _hmac = new(Encoding.UTF8.GetBytes(options.Key ?? string.Empty));
    private readonly byte[] _payload = RandomNumberGenerator.GetBytes(options.Size);
    private readonly byte[] _signature = new byte[HMACSHA256.HashSizeInBytes];

    public override void Run(CancellationToken cancellationToken) =>
        _hmac.TryComputeHash(_payload, _signature, out _);

    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        Run(cancellationToken);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask DisposeAsyncCore()
    {
        _hmac.Dispose();
        return base.DisposeAsyncCore();
    }
}
