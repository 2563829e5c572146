using System.Security.Cryptography;

namespace Netperf.Core.Pairs.Internal;

/// <summary>Makes pair ids that are short, lower-case and safe as labels, resource names and file names.</summary>
internal static class PairIdGenerator
{
    public static string New() => "np-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
}
