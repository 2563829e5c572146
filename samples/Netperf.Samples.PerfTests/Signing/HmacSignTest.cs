using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Signing;

/// <summary>
/// A test with a secret option: one call signs <c>--size</c> bytes with HMAC-SHA256 under <c>--key</c>.
/// The key never reaches a results file, a message or a child process's command line.
/// </summary>
[Description("HMAC-SHA256-signs --size bytes per operation with a secret --key (secret option sample).")]
public sealed class HmacSignTest(SigningOptions options) : PerfStressTest<SigningOptions>(options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Key ?? string.Empty);
    private readonly byte[] _payload = RandomNumberGenerator.GetBytes(options.Size);
    private readonly byte[] _signature = new byte[HMACSHA256.HashSizeInBytes];

    public override void Run(CancellationToken cancellationToken) =>
        HMACSHA256.HashData(_key, _payload, _signature);

    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        Run(cancellationToken);
        return ValueTask.CompletedTask;
    }
}
